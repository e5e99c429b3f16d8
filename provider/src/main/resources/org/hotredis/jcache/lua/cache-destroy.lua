-- Destroys a JCache cache: its entries, deadlines, handles, write leases and stored configuration,
-- and tells the handles still open in other JVMs, which close themselves. The configuration is left
-- as a tombstone naming the destroyed incarnation for a while, so that a handle that missed the
-- message closes itself rather than take the missing configuration for data Redis lost.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the open handles: a hash of handle id -> lease deadline
-- KEYS[5]  the stored configuration: a hash with fields configuration, summary, incarnation,
--          shards
-- KEYS[6]  the write leases of write-through: a hash of encoded key -> lease
-- ARGV[1]  the event channel
-- ARGV[2]  the destroying handle's id (or any id when no handle is open here)
-- ARGV[3]  how long the tombstone stays, in milliseconds
-- Reply:   0 if the cache did not exist, else its number of shards (whose keys, in other slots,
--          the caller deletes)
--#include lib/events.lua
local incarnation = redis.call('HGET', KEYS[5], 'incarnation')
local shards = tonumber(redis.call('HGET', KEYS[5], 'shards') or '1')
local deleted = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
if incarnation then
  redis.call('HSET', KEYS[5], 'destroyed', incarnation)
  redis.call('PEXPIRE', KEYS[5], ARGV[3])
  redis.call('PUBLISH', ARGV[1], eventMessage('D', ARGV[2], incarnation, nil, nil))
end
return deleted > 0 and shards or 0
