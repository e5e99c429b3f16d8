-- Extends a lock's lease if the holder and the acquisition are still the same.
-- KEYS[1]  the lock hash
-- ARGV[1]  the owner token
-- ARGV[2]  the lease in milliseconds
-- ARGV[3]  the fencing token of the acquisition being renewed
-- Reply:   1 if renewed, 0 if the lock is no longer held by that acquisition (the lease was lost)
local held = redis.call('HMGET', KEYS[1], 'owner', 'token')
if held[1] ~= ARGV[1] or held[2] ~= ARGV[3] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
