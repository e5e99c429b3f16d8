-- Renews or closes the lease of a handle on a JCache cache, and records whether it listens for
-- events (scripts publish events only while a handle other than the writer's listens).
-- KEYS[1]  the open handles: a hash of handle id -> lease deadline (ms, Redis TIME)
-- KEYS[2]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[3]  the stored configuration: a hash with fields configuration, summary, incarnation
-- ARGV[1]  the handle id
-- ARGV[2]  'renew' or 'close'
-- ARGV[3]  the lease in milliseconds
-- ARGV[4]  '1' if the handle has listeners, '0' if not
-- ARGV[5]  the incarnation the handle belongs to
-- Reply:   1 if the cache still has that incarnation, 0 if it was destroyed or created anew, 2 if
--          its configuration is missing altogether: Redis lost its data (a restart without
--          persistence, FLUSHALL, a failover to an empty replica), and the handle revives the cache
--#include lib/clock.lua
local handles, listeners, config = KEYS[1], KEYS[2], KEYS[3]
local handle, lease = ARGV[1], tonumber(ARGV[3])
local current = redis.call('HGET', config, 'incarnation') == ARGV[5]
if ARGV[2] == 'renew' and redis.call('EXISTS', config) == 0 then
  return 2
end
if ARGV[2] == 'close' or not current then
  redis.call('HDEL', handles, handle)
  redis.call('HDEL', listeners, handle)
  return current and 1 or 0
end
local now = millisNow()
redis.call('HSET', handles, handle, now + lease)
if ARGV[4] == '1' then
  redis.call('HSET', listeners, handle, now + lease)
else
  redis.call('HDEL', listeners, handle)
end
return 1
