-- Deletes a lock whoever holds it (the fencing counter stays) and wakes its waiters.
-- KEYS[1]  the lock hash
-- ARGV[1]  the lock's release channel
-- Reply:   1 if the lock was held, else 0
local deleted = redis.call('DEL', KEYS[1])
if deleted == 1 then
  redis.call('PUBLISH', ARGV[1], '1')
end
return deleted
