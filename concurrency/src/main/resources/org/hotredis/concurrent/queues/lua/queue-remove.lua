-- Removes the first occurrence of an element from a queue; a set-queue forgets it. When the queue
-- stops being full, tells the producers waiting for space.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  the channel of producers waiting for space
-- ARGV[3]  the element
-- Reply:   1 if an element was removed, else 0
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
local before = redis.call('LLEN', list)
local removed = redis.call('LREM', list, 1, ARGV[3])
if removed == 0 then
  return 0
end
if ARGV[1] == '1' then
  redis.call('SREM', set, ARGV[3])
end
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and before >= capacity and before - 1 < capacity then
  redis.call('PUBLISH', ARGV[2], 'space')
end
return 1
