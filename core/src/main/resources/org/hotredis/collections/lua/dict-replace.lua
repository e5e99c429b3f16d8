-- Sets a field of a hash only if it is present, and returns its previous value.
-- KEYS[1]  the hash
-- ARGV[1]  the field
-- ARGV[2]  the new value
-- Reply:   the previous value, or nil if the field was absent (and nothing changed)
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
return old
