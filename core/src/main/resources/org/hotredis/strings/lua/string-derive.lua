-- Creates a new string from another, which stays unchanged: the source text followed by a suffix,
-- repeated; concat is a suffix repeated once, repeat an empty suffix. The new key must not exist.
-- KEYS[1]  the source string; a missing key is the empty string
-- KEYS[2]  the new string, in the source's cluster slot
-- ARGV[1]  the suffix (UTF-8)
-- ARGV[2]  how many times the source and suffix repeat; 0 or less gives the empty string
-- ARGV[3]  the new key's time to live in milliseconds, or 0 for none
-- Reply:   the new length in bytes. Errors: ILLEGALARG (the result would pass 512 MB),
--          ILLEGALSTATE (the new key exists)
local unit = (redis.call('GET', KEYS[1]) or '') .. ARGV[1]
local times = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local size = #unit * math.max(times, 0)
if size > 536870912 then
  return redis.error_reply('ILLEGALARG the new string would take ' .. size
    .. ' bytes, more than the 536870912 a Redis string holds')
end
local value = ''
if times > 0 then
  value = string.rep(unit, times)
end
local created
if ttl > 0 then
  created = redis.call('SET', KEYS[2], value, 'NX', 'PX', ttl)
else
  created = redis.call('SET', KEYS[2], value, 'NX')
end
if not created then
  return redis.error_reply('ILLEGALSTATE the new key already exists')
end
return #value
