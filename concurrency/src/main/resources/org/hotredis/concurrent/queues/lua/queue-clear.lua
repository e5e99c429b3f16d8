-- Removes every element of a queue, and a set-queue's membership set; the capacity stays. When the
-- queue stops being full, tells the producers waiting for space.
-- KEYS[1]  the list
-- KEYS[2]  the membership set
-- KEYS[3]  the capacity
-- ARGV[1]  the channel of producers waiting for space
-- Reply:   how many elements were removed
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
local before = redis.call('LLEN', list)
redis.call('DEL', list, set)
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and before >= capacity then
  redis.call('PUBLISH', ARGV[1], 'space')
end
return before
