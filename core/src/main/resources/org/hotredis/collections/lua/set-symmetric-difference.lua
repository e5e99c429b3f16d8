-- Returns the members that are in exactly one of two sets.
-- KEYS[1]  a set
-- KEYS[2]  another set, in the same slot
-- Reply:   the members of either set that are not in the other
local result = redis.call('SDIFF', KEYS[1], KEYS[2])
local other = redis.call('SDIFF', KEYS[2], KEYS[1])
for i = 1, #other do
  result[#result + 1] = other[i]
end
return result
