-- Releases one hold of a lock; the last hold deletes it and announces that it is free.
-- KEYS[1]  the lock hash
-- ARGV[1]  the owner token
-- ARGV[2]  the lock's release channel
-- Reply:   {0, 0} if the owner does not hold the lock; {1, holds left} after a partial release;
--          {2, fencing token} when the lock is now free
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
  return {0, 0}
end
local count = redis.call('HINCRBY', KEYS[1], 'count', -1)
if count > 0 then
  return {1, count}
end
local token = tonumber(redis.call('HGET', KEYS[1], 'token'))
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '1')
return {2, token}
