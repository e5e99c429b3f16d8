-- Claims a shard of a sharded JCache cache for an incarnation of the cache, before a handle uses
-- it: a shard still marked with an older incarnation (the cache was destroyed or created anew) is
-- emptied first. A shard already marked with a newer incarnation is left alone: the claiming
-- handle is stale.
-- KEYS[1]  the shard's entries: a hash of encoded key -> encoded value
-- KEYS[2]  the shard's deadlines: a sorted set of encoded keys scored by expiry time
-- KEYS[3]  the shard's copy of the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the shard's marker: a hash whose field incarnation names the incarnation it belongs to
-- KEYS[5]  the shard's write leases: a hash of encoded key -> lease (see cache-lease.lua)
-- ARGV[1]  the incarnation: Redis time in microseconds, '-' and a unique id
-- Reply:   1 if the shard belongs to the incarnation, 0 if it belongs to a newer one
local entries, deadlines, listeners, marker, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local incarnation = ARGV[1]
local current = redis.call('HGET', marker, 'incarnation')
if current == incarnation then
  return 1
end

local function age(id)
  return tonumber(string.match(id, '^(%d+)-')) or 0
end

if current and age(current) > age(incarnation) then
  return 0
end
redis.call('DEL', entries, deadlines, listeners, leases)
redis.call('HSET', marker, 'incarnation', incarnation)
return 1
