-- The last party trips a cyclic barrier once its barrier action ran: the waiting parties pass and
-- the next generation starts. Sent again after a lost reply, it reports the trip it made.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties
-- ARGV[2]  the barrier's channel
-- ARGV[3]  the party that ran the action
-- ARGV[4]  the generation it arrived in
-- Reply:   {outcome, 0, generation, -1}; outcome 3: tripped; 0: the barrier broke while the action
--          ran (reset, a lease ran out, or the barrier was deleted), and nothing changed.
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
reap(k, b, nowMillis(), ARGV[2])
local g = tonumber(ARGV[4])
if g == b.generation and b.tripping == ARGV[3] and not b.broken then
  tripGeneration(k, b, ARGV[2])
  return {3, 0, g, -1}
end
-- Only the party running the action trips a generation that has one: a trip of g was this one's.
if outcomeOf(k, b, g) == 4 then
  return {3, 0, g, -1}
end
return {0, 0, b.generation, -1}
