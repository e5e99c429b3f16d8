-- A waiting party leaves a cyclic barrier (it timed out or was interrupted, or its barrier action
-- threw), which breaks the barrier, unless its generation ended first; or, with no generation
-- given, a party breaks the barrier on arrival (it was interrupted before it arrived).
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties (creates the barrier if absent; must match if present)
-- ARGV[2]  the barrier's channel
-- ARGV[3]  the party
-- ARGV[4]  the generation the party waits in, or the empty string to break the current one
-- Reply:   {outcome, 0, generation, -1}; outcome 5: this party broke the barrier (also when sent
--          again); 4: the generation tripped first; 0: the barrier was broken already.
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], ARGV[4] == '')
if err then
  return err
end
if not b then
  return {0, 0, 0, -1}
end
reap(k, b, nowMillis(), ARGV[2])
local id = ARGV[3]
if ARGV[4] == '' then
  if b.broken then
    return {b.breaker == id and 5 or 0, 0, b.generation, -1}
  end
  breakGeneration(k, b, ARGV[2], id)
  return {5, 0, b.generation, -1}
end
if redis.call('HEXISTS', k.barrier, 'a:' .. id) == 1 then
  breakGeneration(k, b, ARGV[2], id)
  return {5, 0, b.generation, -1}
end
local g = tonumber(ARGV[4])
if g == b.generation and b.broken and b.breaker == id then
  return {5, 0, b.generation, -1}
end
return {outcomeOf(k, b, g), 0, b.generation, -1}
