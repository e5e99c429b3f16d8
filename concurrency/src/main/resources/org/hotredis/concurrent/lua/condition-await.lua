-- Enters a Condition's wait queue and fully releases the lock, in one step, so no signal is missed.
-- KEYS[1]  the lock hash
-- KEYS[2]  the condition's waiters in arrival order (member: waiter id, score: arrival in microseconds)
-- KEYS[3]  the condition's waiter leases (member: waiter id, score: lease deadline in ms, Redis time)
-- ARGV[1]  the owner token
-- ARGV[2]  the waiter id
-- ARGV[3]  the waiter's lease in milliseconds
-- ARGV[4]  the lock's release channel
-- Reply:   the hold count given up, or 0 if the owner does not hold the lock
local held = redis.call('HMGET', KEYS[1], 'owner', 'count')
if held[1] ~= ARGV[1] then
  return 0
end
local time = redis.call('TIME')
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])
local now = math.floor(micros / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], micros, ARGV[2])
redis.call('ZADD', KEYS[3], now + lease, ARGV[2])
for i = 2, 3 do
  if redis.call('PTTL', KEYS[i]) < lease then
    redis.call('PEXPIRE', KEYS[i], ARGV[3])
  end
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[4], '1')
return tonumber(held[2])
