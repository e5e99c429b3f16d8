-- Stores a cache's configuration again, under the same incarnation, after Redis lost its data (a
-- restart without persistence, FLUSHALL, a failover to an empty replica), and registers the handle:
-- every handle of that incarnation, in any JVM, goes on with the cache, empty. A configuration
-- present (another handle revived it, the cache was created anew, or a tombstone says it was
-- destroyed) is left alone.
-- KEYS[1]  the open handles: a hash of handle id -> lease deadline (ms, Redis TIME)
-- KEYS[2]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[3]  the stored configuration: a hash with fields configuration, summary, incarnation, shards
-- ARGV[1]  the handle id
-- ARGV[2]  the incarnation the handle belongs to
-- ARGV[3]  the lease in milliseconds
-- ARGV[4]  the configuration to store (serialized)
-- ARGV[5]  its readable summary
-- ARGV[6]  the number of shards
-- Reply:   1 if the cache has the handle's incarnation now, 0 if it was destroyed or created anew
--#include lib/clock.lua
local handles, config = KEYS[1], KEYS[3]
if redis.call('EXISTS', config) == 1 then
  return redis.call('HGET', config, 'incarnation') == ARGV[2] and 1 or 0
end
redis.call('HSET', config, 'configuration', ARGV[4], 'summary', ARGV[5], 'incarnation', ARGV[2],
  'shards', ARGV[6])
local now = millisNow()
redis.call('HSET', handles, ARGV[1], now + tonumber(ARGV[3]))
return 1
