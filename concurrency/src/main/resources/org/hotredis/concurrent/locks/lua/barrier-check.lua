-- A waiting party checks whether its generation ended: first, any party whose lease ran out (its
-- process died) breaks the barrier.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties
-- ARGV[2]  the barrier's channel
-- ARGV[3]  the party
-- ARGV[4]  the generation the party waits in
-- Reply:   {outcome, 0, generation, ms until the earliest lease runs out (-1: none)}; outcome 1:
--          still waiting; 4: the generation tripped; 0: it broke (or the barrier was deleted).
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], false)
if err then
  return err
end
if not b then
  return {0, 0, 0, -1}
end
local now = nowMillis()
reap(k, b, now, ARGV[2])
if redis.call('HEXISTS', k.barrier, 'a:' .. ARGV[3]) == 1 then
  return {1, 0, b.generation, earliest(k, now)}
end
return {outcomeOf(k, b, tonumber(ARGV[4])), 0, b.generation, -1}
