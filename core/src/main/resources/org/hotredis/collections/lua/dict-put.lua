-- Sets a field of a hash and returns its previous value.
-- KEYS[1]  the hash
-- ARGV[1]  the field
-- ARGV[2]  the value
-- Reply:   the previous value, or nil if the field was absent
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return old
