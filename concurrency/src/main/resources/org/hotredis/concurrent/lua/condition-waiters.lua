-- Counts the live waiters of a Condition, for the lock's holder.
-- KEYS[1]  the lock hash
-- KEYS[2]  the condition's waiter leases
-- ARGV[1]  the owner token
-- Reply:   the number of waiters whose lease has not run out, or -1 if the owner does not hold the lock
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
  return -1
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[2], now, '+inf')
