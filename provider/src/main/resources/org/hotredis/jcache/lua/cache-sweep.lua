-- Removes entries of a JCache cache whose deadline has passed, oldest deadline first, and
-- publishes their expiry, so that memory is reclaimed without a client reading them.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the sweeping handle's id, named in the events it causes
-- ARGV[3]  the most entries to remove
-- Reply:   {key, value, ...} the entries removed
local entries, deadlines, listeners = KEYS[1], KEYS[2], KEYS[3]
local channel, origin = ARGV[1], ARGV[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local due = redis.call('ZRANGEBYSCORE', deadlines, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
if #due == 0 then
  return {}
end

local count = redis.call('HLEN', listeners)
local publishing = count > 1 or (count == 1 and redis.call('HEXISTS', listeners, origin) == 0)

local function field(s)
  if s then
    return #s .. ':' .. s
  end
  return '-'
end

local removed = {}
for _, key in ipairs(due) do
  local value = redis.call('HGET', entries, key)
  redis.call('ZREM', deadlines, key)
  if value then
    redis.call('HDEL', entries, key)
    if publishing then
      redis.call('PUBLISH', channel, 'E' .. field(origin) .. field(key) .. field(value) .. field(value))
    end
    removed[#removed + 1] = key
    removed[#removed + 1] = value
  end
end
return removed
