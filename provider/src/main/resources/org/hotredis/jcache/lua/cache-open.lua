-- Opens a handle on a JCache cache: attaches to the cache whose configuration is stored, or stores
-- the configuration (keeping any entries: only destroying a cache deletes them), and registers the
-- handle with a lease. Handles whose lease has passed (their JVM stopped without closing them) are
-- forgotten.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the open handles: a hash of handle id -> lease deadline
-- KEYS[5]  the stored configuration: a hash with fields configuration, summary, incarnation,
--          shards
-- KEYS[6]  the write leases of write-through: a hash of encoded key -> lease
-- ARGV[1]  'attach': only a cache whose configuration is stored; 'declare': attach, or store the
--          configuration if none is stored
-- ARGV[2]  the new handle's id
-- ARGV[3]  the lease in milliseconds
-- ARGV[4]  the configuration to store (serialized)
-- ARGV[5]  a readable summary of it
-- ARGV[6]  a unique id for the incarnation of a cache created now; the incarnation is Redis's
--          time in microseconds, '-' and this id, so that incarnations compare by age
-- ARGV[7]  over how many shards the cache spreads its entries (1: the entries hash above)
-- Reply:   {'created', incarnation} or {'attached', stored configuration, incarnation, stored
--          summary} or {'missing'} ('attach' only, nothing registered)
-- KEYS[1], KEYS[2] and KEYS[6] are named so that the cache's keys are declared (one hash slot);
-- opening never touches the entries.
--#include lib/clock.lua
--#include lib/handles.lua
local listeners, handles, config = KEYS[3], KEYS[4], KEYS[5]
local mode, handle, lease = ARGV[1], ARGV[2], tonumber(ARGV[3])
local time = redis.call('TIME')
local now = millisOf(time)

forgetLapsed(handles, now)
forgetLapsed(listeners, now)

local stored = redis.call('HGET', config, 'configuration')
if stored then
  redis.call('HSET', handles, handle, now + lease)
  local incarnation = redis.call('HGET', config, 'incarnation') or ''
  local summary = redis.call('HGET', config, 'summary') or ''
  return {'attached', stored, incarnation, summary}
end
if mode == 'attach' then
  return {'missing'}
end
local incarnation = time[1] .. string.format('%06d', tonumber(time[2])) .. '-' .. ARGV[6]
redis.call('DEL', config) -- a destroyed incarnation's tombstone
redis.call('HSET', config, 'configuration', ARGV[4], 'summary', ARGV[5], 'incarnation', incarnation,
  'shards', ARGV[7])
redis.call('HSET', handles, handle, now + lease)
return {'created', incarnation}
