-- Reads entries of a JCache cache, applying the access duration to the entries it finds. An entry
-- whose deadline has passed counts as absent: it is removed and reported as expired.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the reading handle's id, named in the events it causes
-- ARGV[3]  the access duration: '?' or 'k' (leave deadlines alone), 'e' or milliseconds
-- ARGV[4]  'v' to reply with the values found, 'x' to reply only whether they exist
-- ARGV[5..] the encoded keys
-- Reply:   two items per key: status H hit, W hit that expired at once (access duration 0), M miss,
--          X miss that found an expired entry and removed it; then the value (H, W; false with
--          'x'), the expired value (X) or false (M)
local entries, deadlines, listeners = KEYS[1], KEYS[2], KEYS[3]
local channel, origin, access = ARGV[1], ARGV[2], ARGV[3]
local withValues = ARGV[4] == 'v'
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local count = redis.call('HLEN', listeners)
local publishing = count > 1 or (count == 1 and redis.call('HEXISTS', listeners, origin) == 0)

local function field(s)
  if s then
    return #s .. ':' .. s
  end
  return '-'
end

local function expire(key, value)
  redis.call('HDEL', entries, key)
  redis.call('ZREM', deadlines, key)
  if publishing then
    redis.call('PUBLISH', channel, 'E' .. field(origin) .. field(key) .. field(value) .. field(value))
  end
end

local reply = {}
for i = 5, #ARGV do
  local key = ARGV[i]
  local value = redis.call('HGET', entries, key)
  local status = 'M'
  if value then
    local deadline = redis.call('ZSCORE', deadlines, key)
    if deadline and tonumber(deadline) <= now then
      expire(key, value)
      status = 'X'
    else
      status = 'H'
      if withValues and access ~= '?' and access ~= 'k' then
        if access == 'e' then
          redis.call('ZREM', deadlines, key)
        elseif tonumber(access) > 0 then
          redis.call('ZADD', deadlines, now + tonumber(access), key)
        else
          expire(key, value)
          status = 'W'
        end
      end
      if not withValues then
        value = false
      end
    end
  end
  reply[#reply + 1] = status
  reply[#reply + 1] = value or false
end
return reply
