-- Removes some field of a hash, chosen by Redis (HRANDFIELD), and returns it with its value.
-- KEYS[1]  the hash
-- Reply:   {field, value}; error NOELEMENT if the hash is empty
local entry = redis.call('HRANDFIELD', KEYS[1], 1, 'WITHVALUES')
if #entry == 0 then
  return redis.error_reply('NOELEMENT the dict is empty')
end
redis.call('HDEL', KEYS[1], entry[1])
return entry
