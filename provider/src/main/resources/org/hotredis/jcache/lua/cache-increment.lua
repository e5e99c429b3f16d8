-- Adds to the decimal count of one entry of a JCache counter cache with HINCRBY (an absent or
-- expired entry counts as 0), with its expiry deadline and its event: the built-in increment
-- entry processor, never a read-modify-write.
-- KEYS[1]  the entries: a hash of encoded key -> decimal count
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the record of the cache's incarnation: the stored configuration (or, for a shard of a
--          sharded cache, the shard's marker), a hash whose field incarnation names it
-- ARGV[1]  the event channel
-- ARGV[2]  the writing handle's id, named in the event it causes
-- ARGV[3]  the incarnation the handle belongs to: writes to a cache destroyed or created anew
--          since the handle opened are refused
-- ARGV[4]  the encoded key
-- ARGV[5]  the amount to add, a decimal integer
-- ARGV[6]  the creation duration: '?' not known yet, 'e' eternal, or milliseconds ('0': at once)
-- ARGV[7]  the update duration: '?', 'k' (keep the deadline), 'e' or milliseconds
-- Reply:   {'gone'} if the incarnation differs, before anything was written; {'?', creation,
--          update}: '1' for the duration needed, before anything was written; or
--          {'ok', status, new count, old count, expired value}: status C created, U updated,
--          X updated and expired at once, Z not stored (creation duration 0); old count and
--          expired value are false when there was none. Error ERR if the stored value is not an
--          integer or the sum overflows, before anything was written
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
local entries, deadlines, listeners, record = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, origin, key, amount = ARGV[1], ARGV[2], ARGV[4], ARGV[5]
local creation, update = ARGV[6], ARGV[7]
if redis.call('HGET', record, 'incarnation') ~= ARGV[3] then
  return {'gone'}
end
local now = millisNow()

local current = redis.call('HGET', entries, key)
local expired = false
if current then
  if isDue(deadlines, key, now) then
    expired = current
    current = false
  end
end
local need = current and update or creation
if need == '?' then
  return {'?', current and '0' or '1', current and '1' or '0'}
end

local publish = publisher(channel, origin, listeners)

if current then
  local sum = redis.pcall('HINCRBY', entries, key, amount)
  if type(sum) == 'table' and sum.err then
    return sum
  end
  local value = redis.call('HGET', entries, key)
  publish('U', key, value, current)
  if expireAfter(deadlines, key, update, now) then
    return {'ok', 'U', value, current, false}
  end
  deleteEntry(entries, deadlines, key)
  publish('E', key, value, value)
  return {'ok', 'X', value, current, false}
end

if expired then
  deleteEntry(entries, deadlines, key)
  publish('E', key, expired, expired)
end
if not expireAfter(deadlines, key, creation, now) then
  return {'ok', 'Z', amount, false, expired}
end
redis.call('HSET', entries, key, amount)
publish('C', key, amount, nil)
return {'ok', 'C', amount, false, expired}
