-- Sets one time to live on an object's key and its companion keys.
-- KEYS[1..n]  the object's keys, the main key first
-- ARGV[1]     the time to live in milliseconds
-- Reply:      1 if the main key existed (and all existing keys now expire), else 0
local ttl = ARGV[1]
local applied = redis.call('PEXPIRE', KEYS[1], ttl)
for i = 2, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return applied
