-- Adds elements at one end of a queue if they all fit within its capacity; a set-queue skips the
-- elements it already holds. Its first lines serve one element of a queue that is not a set-queue
-- before the library is included (and its function made).
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity: decimal text; absent or 'unbounded' for none
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  'L' to push at the head, 'R' at the tail
-- ARGV[3..n]  the elements, in the order they are put
-- Reply:   how many elements were added (0: a set-queue held them all); -1 if they do not all fit,
--          and then nothing was added
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
if #ARGV == 3 and ARGV[1] == '0' then
  local capacity = tonumber(redis.call('GET', capacityKey))
  if capacity and redis.call('LLEN', list) >= capacity then
    return -1
  end
  redis.call(ARGV[2] == 'L' and 'LPUSH' or 'RPUSH', list, ARGV[3])
  return 1
end
--#include lib/push.lua
local unique = ARGV[1] == '1'
local values = {}
if unique then
  local seen = {}
  for i = 3, #ARGV do
    local value = ARGV[i]
    if not seen[value] then
      seen[value] = true
      if redis.call('SISMEMBER', set, value) == 0 then
        values[#values + 1] = value
      end
    end
  end
else
  for i = 3, #ARGV do
    values[#values + 1] = ARGV[i]
  end
end
if #values == 0 then
  return 0
end
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and redis.call('LLEN', list) + #values > capacity then
  return -1
end
pushAll(list, set, values, ARGV[2] == 'L', unique)
return #values
