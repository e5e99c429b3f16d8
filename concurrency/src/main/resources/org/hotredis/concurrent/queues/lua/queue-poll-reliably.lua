-- Moves the head of a queue to the tail of a consumer's pending list; a set-queue forgets it. When
-- the queue stops being full, tells the producers waiting for space.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity
-- KEYS[4]  the consumer's pending list
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  the channel of producers waiting for space
-- Reply:   the element moved, or nil if the queue was empty
local list, set, capacityKey, pending = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local before = redis.call('LLEN', list)
if before == 0 then
  return false
end
local item = redis.call('LMOVE', list, pending, 'LEFT', 'RIGHT')
if ARGV[1] == '1' then
  redis.call('SREM', set, item)
end
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and before >= capacity and before - 1 < capacity then
  redis.call('PUBLISH', ARGV[2], 'space')
end
return item
