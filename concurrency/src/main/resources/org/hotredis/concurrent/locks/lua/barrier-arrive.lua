-- A party arrives at a cyclic barrier: it waits (under a lease), or, as the last party, trips the
-- barrier, or (when the barrier has an action) holds the trip while it runs the action. The same
-- party sent again after a lost reply gets the same answer, and is never counted twice.
-- KEYS[1]  the barrier (see lib/barrier.lua)
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the parties (creates the barrier if absent; must match if present)
-- ARGV[2]  the barrier's channel
-- ARGV[3]  the party: an id unique to this call of await
-- ARGV[4]  the party's lease in milliseconds
-- ARGV[5]  1 if the barrier has an action, else 0
-- Reply:   {outcome, arrival index, generation, ms until the earliest lease runs out (-1: none)};
--          outcome 1: waiting; 2: the last party, which runs the action (then barrier-trip.lua);
--          3: the last party, which tripped the barrier; 4: passed already (sent again); 0: broken;
--          -1: another party runs the action (wait for the next generation, then arrive again).
--          Errors: ILLEGALSTATE if the barrier exists with other parties; ERR for foreign data
--#include lib/barrier.lua
local k = {barrier = KEYS[1], leases = KEYS[2], broken = KEYS[3], passed = KEYS[4]}
local b, err = loadBarrier(k, ARGV[1], true)
if err then
  return err
end
local now = nowMillis()
reap(k, b, now, ARGV[2])
local id = ARGV[3]
local lease = tonumber(ARGV[4])
local mine = redis.call('HGET', k.barrier, 'a:' .. id)
if mine then
  redis.call('ZADD', k.leases, 'XX', now + lease, id)
  return {b.tripping == id and 2 or 1, tonumber(mine), b.generation, earliest(k, now)}
end
local passed = redis.call('HGET', k.passed, id)
if passed then
  return {4, tonumber(passed), b.generation - 1, -1}
end
if b.broken then
  return {0, 0, b.generation, -1}
end
if b.tripping then
  return {-1, 0, b.generation, earliest(k, now)}
end
local arrived = b.arrived + 1
local index = b.parties - arrived
if index > 0 or ARGV[5] == '1' then
  redis.call('HSET', k.barrier, 'a:' .. id, index, 'arrived', arrived)
  redis.call('ZADD', k.leases, now + lease, id)
  if index > 0 then
    return {1, index, b.generation, earliest(k, now)}
  end
  redis.call('HSET', k.barrier, 'tripping', id)
  return {2, 0, b.generation, -1}
end
local generation = b.generation
tripGeneration(k, b, ARGV[2])
redis.call('HSET', k.passed, id, 0)
return {3, 0, generation, -1}
