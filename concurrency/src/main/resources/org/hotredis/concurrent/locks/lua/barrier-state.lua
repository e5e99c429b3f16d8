-- Reads a cyclic barrier, creating it if absent: first, any party whose lease ran out breaks it.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties (creates the barrier if absent; must match if present)
-- ARGV[2]  the barrier's channel
-- Reply:   {parties waiting, 1 if broken else 0}
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], true)
if err then
  return err
end
reap(k, b, nowMillis(), ARGV[2])
return {b.arrived, b.broken and 1 or 0}
