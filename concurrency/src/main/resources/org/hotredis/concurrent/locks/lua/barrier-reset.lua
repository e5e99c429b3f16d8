-- Resets a cyclic barrier to its initial state: parties waiting in the current generation find it
-- broken (as CyclicBarrier.reset), and the next generation starts, not broken.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties (creates the barrier if absent; must match if present)
-- ARGV[2]  the barrier's channel
-- Reply:   the number of waiting parties the reset broke the barrier for
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], true)
if err then
  return err
end
reap(k, b, nowMillis(), ARGV[2])
local waiting = b.arrived
if not b.broken then
  breakGeneration(k, b, ARGV[2], '')
end
redis.call('HINCRBY', k.barrier, 'generation', 1)
redis.call('HSET', k.barrier, 'broken', 0)
redis.call('HDEL', k.barrier, 'breaker')
return waiting
