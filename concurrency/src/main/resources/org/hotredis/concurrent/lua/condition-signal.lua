-- Signals the oldest live waiter of a Condition, or all of them, for the lock's holder.
-- KEYS[1]  the lock hash
-- KEYS[2]  the condition's waiters in arrival order
-- KEYS[3]  the condition's waiter leases
-- ARGV[1]  the owner token
-- ARGV[2]  the condition's signal channel
-- ARGV[3]  1 to signal one waiter, 0 to signal all
-- Reply:   the number of waiters signalled, or -1 if the owner does not hold the lock
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
  return -1
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
while true do
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. now, 'LIMIT', 0, 1000)
  if #expired == 0 then
    break
  end
  for _, id in ipairs(expired) do
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
  end
end
local one = ARGV[3] == '1'
local signalled = 0
while true do
  local ids = redis.call('ZRANGE', KEYS[2], 0, one and 0 or 999)
  if #ids == 0 then
    break
  end
  for _, id in ipairs(ids) do
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('PUBLISH', ARGV[2], id)
    signalled = signalled + 1
  end
  if one then
    break
  end
end
return signalled
