-- Applies writes to the entries of a JCache cache, with their expiry deadlines and their events.
-- An entry whose deadline has passed counts as absent: it is removed and reported as expired.
-- Redis's clock is read only once a deadline is met or set, the listeners only at the first event.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- KEYS[4]  the record of the cache's incarnation: the stored configuration (or, for a shard of a
--          sharded cache, the shard's marker), a hash whose field incarnation names it
-- KEYS[5]  the write leases of write-through: a hash of encoded key -> lease (see cache-lease.lua)
-- ARGV[1]  the event channel
-- ARGV[2]  the writing handle's id, named in the events it causes
-- ARGV[3]  the incarnation the handle belongs to: writes to a cache destroyed or created anew
--          since the handle opened are refused
-- ARGV[4]  '1' to reply with old and expired values, '0' to leave them out
-- ARGV[5]  the token of the write-through operation that must hold every key's write lease, or ''
--          (no lease needed)
-- ARGV[6..] seven arguments per operation: code, key, expected value, new value, then its
--          creation duration ('?' not known yet, 'e' eternal, or milliseconds, '0' meaning at
--          once), update duration ('?', 'k' keep the deadline, 'e' or milliseconds) and access
--          duration (for touches; the same forms). Codes: P put; A put if absent; R replace if
--          present; E replace if it holds the expected value; D remove; F remove if it holds the
--          expected value; T touch (apply the access duration) if it holds the expected value
-- Reply:   {'gone'} if the incarnation differs, before anything was written; {'lost'} if the
--          token does not hold the write lease of every key (it lapsed and another operation took
--          it), before anything was written; {'?', need, ...} when a duration an operation needs is
--          '?', before anything was written: one item per operation, 'C', 'U', 'A' or '' (none); or {'ok', status, old,
--          expired, ...}, three items per operation: status C created, U updated, X updated and
--          expired at once, Z not stored (creation duration 0), D removed, T touched, W touched
--          and expired at once, N nothing done; old: the value before (false if absent); expired:
--          the value of an entry found expired and removed (false otherwise)
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
--#include lib/leases.lua
local entries, deadlines, listeners, record, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, origin = ARGV[1], ARGV[2]
if redis.call('HGET', record, 'incarnation') ~= ARGV[3] then
  return {'gone'}
end
local wantOld = ARGV[4] == '1'
local token = ARGV[5]
local first, step = 6, 7
if token ~= '' then
  for i = first, #ARGV, step do
    local _, _, holder = parseLease(redis.call('HGET', leases, ARGV[i + 1]))
    if holder ~= token then
      return {'lost'}
    end
  end
end
-- Redis's clock, read once the first deadline is met or set.
local now = false

-- Whether another handle listens, asked at the first event.
local publishing = nil
local function publish(kind, key, value, old)
  if publishing == nil then
    publishing = listening(listeners, origin)
  end
  if publishing then
    publishEvent(channel, origin, kind, key, value, old)
  end
end

-- The live value of a key, the value of an expired entry still stored under it, and whether the
-- key has a deadline.
local function peek(key)
  local value = redis.call('HGET', entries, key)
  if not value then
    return nil, nil, nil
  end
  local deadline = redis.call('ZSCORE', deadlines, key)
  if not deadline then
    return value, nil, false
  end
  now = timeOr(now)
  if tonumber(deadline) <= now then
    return nil, value, true
  end
  return value, nil, true
end

-- Sets the key's deadline for a duration (see setDeadline); false if it expires at once.
local function expire(key, duration, dated)
  local kept
  kept, now = setDeadline(deadlines, key, duration, now, dated)
  return kept
end

-- The duration an operation needs, given the live value: 'C', 'U', 'A' or nil.
local function needs(code, current, expected)
  if code == 'P' then
    return current and 'U' or 'C'
  elseif code == 'A' then
    return (not current) and 'C' or nil
  elseif code == 'R' then
    return current and 'U' or nil
  elseif code == 'E' then
    return (current and current == expected) and 'U' or nil
  elseif code == 'T' then
    return (current and current == expected) and 'A' or nil
  end
  return nil
end

local function delete(key)
  deleteEntry(entries, deadlines, key)
end

-- The durations of the operation at argument i.
local function durations(i)
  return {C = ARGV[i + 4], U = ARGV[i + 5], A = ARGV[i + 6]}
end

local needed = {'?'}
local anyMissing = false
local peeked = {}
for i = first, #ARGV, step do
  local current, expired, dated = peek(ARGV[i + 1])
  peeked[i] = {current, expired, dated}
  local need = needs(ARGV[i], current, ARGV[i + 2])
  if need and durations(i)[need] == '?' then
    needed[#needed + 1] = need
    anyMissing = true
  else
    needed[#needed + 1] = ''
  end
end
if anyMissing then
  return needed
end

local reply = {'ok'}
local done = {}
for i = first, #ARGV, step do
  local code, key, expected, value = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local duration = durations(i)
  local current, expired, dated
  if done[key] then
    -- A key met again: what the first loop read may have changed.
    current, expired, dated = peek(key)
  else
    local read = peeked[i]
    current, expired, dated = read[1], read[2], read[3]
  end
  done[key] = true
  if expired then
    delete(key)
    dated = false
    publish('E', key, expired, expired)
  end
  local need = needs(code, current, expected)
  local status = 'N'
  if need == 'C' then
    if expire(key, duration.C, dated) then
      redis.call('HSET', entries, key, value)
      publish('C', key, value, nil)
      status = 'C'
    else
      status = 'Z'
    end
  elseif need == 'U' then
    redis.call('HSET', entries, key, value)
    publish('U', key, value, current)
    if expire(key, duration.U, dated) then
      status = 'U'
    else
      delete(key)
      publish('E', key, value, value)
      status = 'X'
    end
  elseif need == 'A' then
    if expire(key, duration.A, dated) then
      status = 'T'
    else
      delete(key)
      publish('E', key, current, current)
      status = 'W'
    end
  elseif current and (code == 'D' or (code == 'F' and current == expected)) then
    delete(key)
    publish('R', key, current, current)
    status = 'D'
  end
  reply[#reply + 1] = status
  reply[#reply + 1] = (wantOld and current) or false
  reply[#reply + 1] = (wantOld and expired) or false
end
return reply
