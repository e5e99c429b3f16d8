-- Tells how many more elements a queue accepts.
-- KEYS[1]  the list
-- KEYS[2]  the capacity
-- Reply:   the capacity minus the length, at least 0; -1 if the queue is unbounded
local capacity = tonumber(redis.call('GET', KEYS[2]))
if not capacity then
  return -1
end
return math.max(0, capacity - redis.call('LLEN', KEYS[1]))
