-- Tells whether a list contains every given value.
-- KEYS[1]  the list
-- ARGV[1..n]  the values
-- Reply:   1 if every value occurs in the list, else 0
local list = KEYS[1]
local missing, count = {}, 0
for i = 1, #ARGV do
  if not missing[ARGV[i]] then
    missing[ARGV[i]] = true
    count = count + 1
  end
end
local length = redis.call('LLEN', list)
local start = 0
while count > 0 and start < length do
  local items = redis.call('LRANGE', list, start, start + 999)
  for _, item in ipairs(items) do
    if missing[item] then
      missing[item] = nil
      count = count - 1
    end
  end
  start = start + 1000
end
return count == 0 and 1 or 0
