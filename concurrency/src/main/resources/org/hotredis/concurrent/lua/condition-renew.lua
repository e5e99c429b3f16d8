-- Extends the lease of a Condition waiter that is still waiting.
-- KEYS[1]  the condition's waiters in arrival order
-- KEYS[2]  the condition's waiter leases
-- ARGV[1]  the waiter id
-- ARGV[2]  the waiter's lease in milliseconds
-- Reply:   1 if the waiter still waits, 0 if it was signalled (or its lease ran out)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
for i = 1, 2 do
  if redis.call('PTTL', KEYS[i]) < lease then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 1
