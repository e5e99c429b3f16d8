-- Repeats a string in place: the text becomes `times` copies of itself, or empty when `times` is 0
-- or less. A missing key stays missing; the TTL is kept.
-- KEYS[1]  the string
-- ARGV[1]  how many times
-- Reply:   the new length in bytes. Errors: ILLEGALARG (the result would pass 512 MB)
local s = redis.call('GET', KEYS[1])
if not s then
  return 0
end
local times = tonumber(ARGV[1])
local value = ''
if times > 0 then
  if #s * times > 536870912 then
    return redis.error_reply('ILLEGALARG ' .. times .. ' copies would take ' .. #s * times
      .. ' bytes, more than the 536870912 a Redis string holds')
  end
  value = string.rep(s, times)
end
if value ~= s then
  redis.call('SET', KEYS[1], value, 'KEEPTTL')
end
return #value
