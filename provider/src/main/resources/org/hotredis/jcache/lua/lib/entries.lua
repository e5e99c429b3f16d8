-- Library: the entries of a JCache cache and their deadlines: a hash of encoded key -> encoded
-- value beside a sorted set of encoded keys scored by expiry time (ms, Redis TIME).
-- isDue(deadlines, key, now)                    whether the key's deadline has passed
-- deleteEntry(entries, deadlines, key)          removes the entry and its deadline
-- expireAfter(deadlines, key, duration, now)    sets the key's deadline for a known duration: 'k'
--                                               keeps it, 'e' makes the entry eternal, else
--                                               milliseconds; false if 0 or less (expired at once)
-- setDeadline(deadlines, key, duration, now, dated)
--                                               as expireAfter, with now false until the clock is
--                                               read (read only for milliseconds) and dated false
--                                               when the key is known to have no deadline (no ZREM
--                                               then); returns the success and the time read
--#include clock.lua
local function isDue(deadlines, key, now)
  local deadline = redis.call('ZSCORE', deadlines, key)
  if not deadline then
    return false
  end
  return tonumber(deadline) <= now
end

local function deleteEntry(entries, deadlines, key)
  redis.call('HDEL', entries, key)
  redis.call('ZREM', deadlines, key)
end

local function expireAfter(deadlines, key, duration, now)
  if duration == 'k' then
    return true
  elseif duration == 'e' then
    redis.call('ZREM', deadlines, key)
    return true
  end
  local millis = tonumber(duration)
  if millis <= 0 then
    return false
  end
  redis.call('ZADD', deadlines, now + millis, key)
  return true
end

local function setDeadline(deadlines, key, duration, now, dated)
  if duration == 'k' then
    return true, now
  elseif duration == 'e' then
    if dated ~= false then
      redis.call('ZREM', deadlines, key)
    end
    return true, now
  end
  local millis = tonumber(duration)
  if millis <= 0 then
    return false, now
  end
  now = timeOr(now)
  redis.call('ZADD', deadlines, now + millis, key)
  return true, now
end
