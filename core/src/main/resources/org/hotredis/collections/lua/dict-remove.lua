-- Removes a field of a hash and returns its value.
-- KEYS[1]  the hash
-- ARGV[1]  the field
-- ARGV[2]  '1' to answer an absent field with error NOELEMENT (Python's pop), '0' with nil
-- Reply:   the removed value; nil or error NOELEMENT if the field was absent
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return old
end
if ARGV[2] == '1' then
  if string.find(ARGV[1], '^[%w%p ]*$') and #ARGV[1] <= 200 then
    return redis.error_reply("NOELEMENT no entry for key '" .. ARGV[1] .. "'")
  end
  return redis.error_reply('NOELEMENT no entry for the key')
end
return false
