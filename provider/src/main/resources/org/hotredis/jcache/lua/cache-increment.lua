-- Adds to the decimal count of one entry of a JCache counter cache with HINCRBY (an absent or
-- expired entry counts as 0), with its expiry deadline and its event: the built-in increment
-- entry processor, never a read-modify-write. Redis's clock is read only when the entry has a
-- deadline or gets one. Its first lines serve the common case, an eternal count in a cache where
-- no entry has a deadline and nobody listens, with one EXISTS, before the libraries are included
-- (and their functions made).
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
--          {'ok', status, new count, old count, expired value}: status C created, U updated, X
--          updated and expired at once, Z not stored (creation duration 0); the new count is text,
--          or an integer when the script holds it exactly; old count and expired value are false
--          when there was none. Error ERR if the stored value is not an integer or the sum
--          overflows, before anything was written
local entries, deadlines, listeners, record = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, origin, key, amount = ARGV[1], ARGV[2], ARGV[4], ARGV[5]
local creation, update = ARGV[6], ARGV[7]
if redis.call('HGET', record, 'incarnation') ~= ARGV[3] then
  return {'gone'}
end
local current = redis.call('HGET', entries, key)

-- Adds to the current count; a Lua number holds integers exactly up to 2^53, beyond which the
-- stored text is read back, as it is when read is true.
local function add(read)
  local sum = redis.pcall('HINCRBY', entries, key, amount)
  if type(sum) == 'table' and sum.err then
    return nil, sum
  end
  if read or sum >= 2^53 or sum <= -2^53 then
    return redis.call('HGET', entries, key)
  end
  return sum
end

if creation == 'e' and (update == 'k' or update == 'e')
    and redis.call('EXISTS', deadlines, listeners) == 0 then
  -- No deadline to keep, remove or find due, no event to publish.
  if not current then
    redis.call('HSET', entries, key, amount)
    return {'ok', 'C', amount, false, false}
  end
  local value, err = add(false)
  if not value then
    return err
  end
  return {'ok', 'U', value, current, false}
end
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
local now = false
local expired = false
-- Whether the key has a deadline: nil while unknown (an absent entry's stale deadline is removed
-- by the creation's setDeadline).
local dated = nil
if current then
  local deadline = redis.call('ZSCORE', deadlines, key)
  dated = deadline ~= false
  if dated then
    now = timeOr(now)
    if tonumber(deadline) <= now then
      expired = current
      current = false
    end
  end
end
local need = current and update or creation
if need == '?' then
  return {'?', current and '0' or '1', current and '1' or '0'}
end

local publishing = listening(listeners, origin)

if current then
  local value, err = add(publishing)
  if not value then
    return err
  end
  if publishing then
    publishEvent(channel, origin, 'U', key, value, current)
  end
  local kept
  kept, now = setDeadline(deadlines, key, update, now, dated)
  if kept then
    return {'ok', 'U', value, current, false}
  end
  deleteEntry(entries, deadlines, key)
  if publishing then
    publishEvent(channel, origin, 'E', key, value, value)
  end
  return {'ok', 'X', value, current, false}
end

if expired then
  deleteEntry(entries, deadlines, key)
  dated = false
  if publishing then
    publishEvent(channel, origin, 'E', key, expired, expired)
  end
end
if not setDeadline(deadlines, key, creation, now, dated) then
  return {'ok', 'Z', amount, false, expired}
end
redis.call('HSET', entries, key, amount)
if publishing then
  publishEvent(channel, origin, 'C', key, amount, nil)
end
return {'ok', 'C', amount, false, expired}
