-- Puts one entry of a JCache cache (a put without write-through), with its expiry deadline and its
-- events, paying only for what the entry and the cache need: Redis's clock only when the entry has
-- a deadline or gets one, the old value only when it is replied or published or when the
-- durations leave the outcome open. An entry whose deadline has passed counts as absent: it is
-- removed and reported as expired. Its first lines serve the common case, an eternal put on a
-- cache where no entry has a deadline and nobody listens, with one EXISTS and the HSET, before
-- the libraries are included (and their functions made).
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the record of the cache's incarnation: the stored configuration (or, for a shard of a
--          sharded cache, the shard's marker), a hash whose field incarnation names it
-- ARGV[1]  the incarnation the handle belongs to: writes to a cache destroyed or created anew
--          since the handle opened are refused
-- ARGV[2]  the encoded key
-- ARGV[3]  the encoded value
-- ARGV[4]  the creation duration: '?' not known yet, 'e' eternal, or milliseconds ('0': at once)
-- ARGV[5]  the update duration: '?', 'k' (keep the deadline), 'e' or milliseconds
-- ARGV[6]  '1' to reply with the old and expired values, '0' to leave them out
-- ARGV[7]  the event channel
-- ARGV[8]  the writing handle's id, named in the events it causes
-- Reply:   {'gone'} if the incarnation differs, before anything was written; {'?', need} when
--          the duration the put needs ('C' creation, 'U' update) is '?', before anything was
--          written; else, with ARGV[6] '0', the status alone: C created, U updated, X updated and
--          expired at once, Z not stored (creation duration 0); with '1', {'ok', status, old,
--          expired} as cache-write.lua replies for one operation
local entries, deadlines, listeners, record = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local key, value, creation, update = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local wantOld = ARGV[6] == '1'
local channel, origin = ARGV[7], ARGV[8]
if redis.call('HGET', record, 'incarnation') ~= ARGV[1] then
  return {'gone'}
end
if not wantOld and creation == 'e' and (update == 'k' or update == 'e')
    and redis.call('EXISTS', deadlines, listeners) == 0 then
  -- No deadline to keep, remove or find due, no event to publish.
  if redis.call('HSET', entries, key, value) == 1 then
    return 'C'
  end
  return 'U'
end
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
local now = false
local deadline = redis.call('ZSCORE', deadlines, key)
local due = false
if deadline then
  now = timeOr(now)
  due = tonumber(deadline) <= now
end
local publishing = listening(listeners, origin)

-- With both durations known and a creation that stores, HSET's reply tells a creation from an
-- update, and nobody needs the old value: no HGET.
local blind = not (wantOld or publishing or due or creation == '?' or update == '?')
  and (creation == 'e' or tonumber(creation) > 0)
local current, expired = nil, false
if due then
  expired = redis.call('HGET', entries, key)
elseif not blind then
  current = redis.call('HGET', entries, key)
end
if not blind then
  local need = current and 'U' or 'C'
  if (current and update or creation) == '?' then
    return {'?', need}
  end
end

if due then
  deleteEntry(entries, deadlines, key)
  deadline = false
  if expired and publishing then
    publishEvent(channel, origin, 'E', key, expired, expired)
  end
end

local status
if blind then
  if redis.call('HSET', entries, key, value) == 1 then
    setDeadline(deadlines, key, creation, now, deadline ~= false)
    status = 'C'
  elseif setDeadline(deadlines, key, update, now, deadline ~= false) then
    status = 'U'
  else
    deleteEntry(entries, deadlines, key)
    status = 'X'
  end
  return status
end

local stored
if current then
  redis.call('HSET', entries, key, value)
  if publishing then
    publishEvent(channel, origin, 'U', key, value, current)
  end
  stored, now = setDeadline(deadlines, key, update, now, deadline ~= false)
  if stored then
    status = 'U'
  else
    deleteEntry(entries, deadlines, key)
    if publishing then
      publishEvent(channel, origin, 'E', key, value, value)
    end
    status = 'X'
  end
elseif setDeadline(deadlines, key, creation, now, deadline ~= false) then
  redis.call('HSET', entries, key, value)
  if publishing then
    publishEvent(channel, origin, 'C', key, value, nil)
  end
  status = 'C'
else
  status = 'Z'
end
if wantOld then
  return {'ok', status, current or false, expired or false}
end
return status
