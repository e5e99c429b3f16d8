-- Removes entries of a JCache cache whose deadline has passed, oldest deadline first, and
-- publishes their expiry, so that memory is reclaimed without a client reading them.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the sweeping handle's id, named in the events it causes
-- ARGV[3]  the most entries to remove
-- Reply:   {key, value, ...} the entries removed
--#include lib/clock.lua
--#include lib/events.lua
local entries, deadlines, listeners = KEYS[1], KEYS[2], KEYS[3]
local channel, origin = ARGV[1], ARGV[2]
local now = millisNow()

local due = redis.call('ZRANGEBYSCORE', deadlines, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
if #due == 0 then
  return {}
end

local publish = publisher(channel, origin, listeners)

local removed = {}
for _, key in ipairs(due) do
  local value = redis.call('HGET', entries, key)
  redis.call('ZREM', deadlines, key)
  if value then
    redis.call('HDEL', entries, key)
    publish('E', key, value, value)
    removed[#removed + 1] = key
    removed[#removed + 1] = value
  end
end
return removed
