-- Tells whether an index range of a list contains every given value.
-- KEYS[1]  the list
-- ARGV[1]  the first index of the range, 0 <= from
-- ARGV[2]  the end of the range (exclusive), clamped to the length
-- ARGV[3..n]  the values
-- Reply:   1 if every value occurs in the range, else 0
local list = KEYS[1]
local missing, count = {}, 0
for i = 3, #ARGV do
  if not missing[ARGV[i]] then
    missing[ARGV[i]] = true
    count = count + 1
  end
end
local to = math.min(tonumber(ARGV[2]), redis.call('LLEN', list))
local start = tonumber(ARGV[1])
while count > 0 and start < to do
  local items = redis.call('LRANGE', list, start, math.min(start + 999, to - 1))
  for _, item in ipairs(items) do
    if missing[item] then
      missing[item] = nil
      count = count - 1
    end
  end
  start = start + 1000
end
return count == 0 and 1 or 0
