-- Deletes a read-write lock whoever holds it (the token counter stays) and wakes its waiters.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers
-- KEYS[5]  the counter of acquisition tokens, which is kept
-- ARGV[1]  the lock's release channel
-- Reply:   1 if the lock was held (for writing or reading), else 0
local held = redis.call('EXISTS', KEYS[1], KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
if held > 0 then
  redis.call('PUBLISH', ARGV[1], '1')
  return 1
end
return 0
