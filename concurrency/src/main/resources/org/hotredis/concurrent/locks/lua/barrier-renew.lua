-- Renews a waiting party's lease (or the lease of the party running the barrier action); first,
-- any party whose lease ran out breaks the barrier.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties
-- ARGV[2]  the barrier's channel
-- ARGV[3]  the party
-- ARGV[4]  the lease in milliseconds
-- Reply:   1 if renewed, 0 if the party no longer waits (its generation ended)
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], false)
if err then
  return err
end
if not b then
  return 0
end
local now = nowMillis()
reap(k, b, now, ARGV[2])
if redis.call('HEXISTS', k.barrier, 'a:' .. ARGV[3]) == 0 then
  return 0
end
redis.call('ZADD', k.leases, 'XX', now + tonumber(ARGV[4]), ARGV[3])
return 1
