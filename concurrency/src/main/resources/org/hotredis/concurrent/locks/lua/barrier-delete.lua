-- Deletes a cyclic barrier; parties waiting on it find it broken.
-- KEYS[1]  the barrier
-- KEYS[2]  the waiting parties' leases
-- KEYS[3]  the generations that ended broken
-- KEYS[4]  the parties of the last generation that tripped
-- ARGV[1]  the barrier's channel
-- Reply:   the number of keys deleted
local deleted = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
if deleted > 0 then
  redis.call('PUBLISH', ARGV[1], '2147483647')
end
return deleted
