-- Repeats a list's contents in place: [a, b] times 3 is [a, b, a, b, a, b].
-- KEYS[1]  the list
-- ARGV[1]  the factor; 0 or less empties the list
-- Reply:   the new length
local list = KEYS[1]
local times = tonumber(ARGV[1])
local length = redis.call('LLEN', list)
if times <= 0 then
  redis.call('DEL', list)
  return 0
end
if length == 0 or times == 1 then
  return length
end
for _ = 2, times do
  local start = 0
  while start < length do
    local stop = math.min(start + 999, length - 1)
    redis.call('RPUSH', list, unpack(redis.call('LRANGE', list, start, stop)))
    start = stop + 1
  end
end
return length * times
