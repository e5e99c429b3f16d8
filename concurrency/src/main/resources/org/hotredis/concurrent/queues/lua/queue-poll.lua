-- Removes up to a number of elements from the head of a queue; a set-queue forgets them. When the
-- queue stops being full, tells the producers waiting for space.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  the channel of producers waiting for space
-- ARGV[3]  how many elements to remove at most, from 1 to 1000
-- Reply:   the elements removed, head first; empty if the queue was empty
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
local before = redis.call('LLEN', list)
if before == 0 then
  return {}
end
local items = redis.call('LPOP', list, tonumber(ARGV[3]))
if ARGV[1] == '1' then
  redis.call('SREM', set, unpack(items))
end
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and before >= capacity and before - #items < capacity then
  redis.call('PUBLISH', ARGV[2], 'space')
end
return items
