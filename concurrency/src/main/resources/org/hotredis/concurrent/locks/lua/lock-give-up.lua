-- Frees a lock that its owner gives up after a release (or a first acquisition) whose outcome is
-- unknown: deletes it if that acquisition still holds it, whatever its hold count, and announces
-- that it is free. Idempotent.
-- KEYS[1]  the lock hash
-- ARGV[1]  the owner token
-- ARGV[2]  the fencing token of the acquisition given up, or empty when it is unknown (an acquisition
--          whose reply was lost, by an owner that held nothing before)
-- ARGV[3]  the lock's release channel
-- Reply:   1 if it freed the lock, 0 if that acquisition no longer held it
local held = redis.call('HMGET', KEYS[1], 'owner', 'token')
if held[1] ~= ARGV[1] or (ARGV[2] ~= '' and held[2] ~= ARGV[2]) then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[3], '1')
return 1
