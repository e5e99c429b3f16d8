-- Extends a reader's lease if the owner still reads with the same acquisition.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash (total, c:<owner>, t:<owner>)
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers
-- KEYS[5]  the counter of acquisition tokens
-- ARGV[1]  the owner token
-- ARGV[2]  the lease in milliseconds
-- ARGV[3]  the token of the read acquisition being renewed
-- Reply:   1 if renewed, 0 if the owner no longer reads with that acquisition (the lease was lost)
--#include lib/rwlock.lua
if redis.call('HGET', KEYS[2], 't:' .. ARGV[1]) ~= ARGV[3] then
  return 0
end
rwLease(KEYS[2], KEYS[3], ARGV[1], rwNow(), tonumber(ARGV[2]))
return 1
