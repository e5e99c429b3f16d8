-- Frees every read hold that an owner gives up after a release (or a first acquisition) whose outcome
-- is unknown, if that acquisition still holds them, and announces when no reader is left. Idempotent.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash (total, c:<owner>, t:<owner>)
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers
-- KEYS[5]  the counter of acquisition tokens
-- ARGV[1]  the owner token
-- ARGV[2]  the token of the read acquisition given up, or empty when it is unknown
-- ARGV[3]  the lock's release channel
-- Reply:   1 if it freed the holds, 0 if that acquisition no longer held them
--#include lib/rwlock.lua
local held = redis.call('HMGET', KEYS[2], 'c:' .. ARGV[1], 't:' .. ARGV[1])
local count = tonumber(held[1])
if not count or (ARGV[2] ~= '' and held[2] ~= ARGV[2]) then
  return 0
end
rwRemoveReader(KEYS[2], KEYS[3], ARGV[1], count, ARGV[3])
return 1
