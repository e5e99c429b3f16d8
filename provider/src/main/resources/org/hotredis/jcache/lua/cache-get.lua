-- Reads entries of a JCache cache, applying the access duration to the entries it finds. An entry
-- whose deadline has passed counts as absent: it is removed and reported as expired.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the reading handle's id, named in the events it causes
-- ARGV[3]  the access duration: '?' or 'k' (leave deadlines alone), 'e' or milliseconds
-- ARGV[4]  'v' to reply with the values found, 'x' to reply only whether they exist, 'd' with the
--          values and the time each hit has left
-- ARGV[5..] the encoded keys
-- Reply:   two items per key ('d': three): status H hit, W hit that expired at once (access
--          duration 0), M miss, X miss that found an expired entry and removed it; then the value
--          (H, W; false with 'x'), the expired value (X) or false (M); with 'd', then the
--          milliseconds the hit has left before its deadline, -1 for none (0 for anything else)
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
local entries, deadlines, listeners = KEYS[1], KEYS[2], KEYS[3]
local channel, origin, access = ARGV[1], ARGV[2], ARGV[3]
local withValues = ARGV[4] ~= 'x'
local withDeadlines = ARGV[4] == 'd'
-- The clock and the listener count are read only when an entry needs them.
local clock
local function now()
  if not clock then
    clock = millisNow()
  end
  return clock
end

local publishing
local function publish(kind, key, value, old)
  if not publishing then
    publishing = publisher(channel, origin, listeners)
  end
  publishing(kind, key, value, old)
end

local function expire(key, value)
  deleteEntry(entries, deadlines, key)
  publish('E', key, value, value)
end

local reply = {}
for i = 5, #ARGV do
  local key = ARGV[i]
  local value = redis.call('HGET', entries, key)
  local status = 'M'
  local left = 0
  if value then
    local deadline = redis.call('ZSCORE', deadlines, key)
    if deadline and tonumber(deadline) <= now() then
      expire(key, value)
      status = 'X'
    else
      status = 'H'
      left = deadline and (tonumber(deadline) - now()) or -1
      if withValues and access ~= '?' and access ~= 'k' then
        if access == 'e' then
          redis.call('ZREM', deadlines, key)
          left = -1
        elseif tonumber(access) > 0 then
          redis.call('ZADD', deadlines, now() + tonumber(access), key)
          left = tonumber(access)
        else
          expire(key, value)
          status = 'W'
          left = 0
        end
      end
      if not withValues then
        value = false
      end
    end
  end
  reply[#reply + 1] = status
  reply[#reply + 1] = value or false
  if withDeadlines then
    reply[#reply + 1] = left
  end
end
return reply
