-- Records in a shard of a sharded JCache cache whether a handle listens for events, as
-- cache-handle.lua does for the cache: the shard's scripts publish events only while a handle
-- other than the writer's listens. Entries whose lease has passed are forgotten.
-- KEYS[1]  the shard's copy of the handles that listen: a hash of handle id -> lease deadline
-- KEYS[2]  the shard's marker: a hash whose field incarnation names the incarnation it belongs to
-- ARGV[1]  the handle id
-- ARGV[2]  '1' if the handle listens, '0' if not
-- ARGV[3]  the lease in milliseconds
-- ARGV[4]  the incarnation the handle belongs to
-- Reply:   1 if the shard belongs to that incarnation, 0 if not (nothing is recorded)
--#include lib/clock.lua
--#include lib/handles.lua
local listeners, marker = KEYS[1], KEYS[2]
local handle, lease = ARGV[1], tonumber(ARGV[3])
if redis.call('HGET', marker, 'incarnation') ~= ARGV[4] then
  return 0
end
local now = millisNow()
forgetLapsed(listeners, now)
if ARGV[2] == '1' then
  redis.call('HSET', listeners, handle, now + lease)
else
  redis.call('HDEL', listeners, handle)
end
return 1
