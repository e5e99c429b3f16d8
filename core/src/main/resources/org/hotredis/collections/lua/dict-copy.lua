-- Copies a hash to a new key in the same cluster slot, without the time to live.
-- KEYS[1]  the hash
-- KEYS[2]  the new key
-- Reply:   1 if the hash was copied, 0 if it is empty (absent)
redis.call('HLEN', KEYS[1])
local copied = redis.call('COPY', KEYS[1], KEYS[2], 'REPLACE')
if copied == 1 then
  redis.call('PERSIST', KEYS[2])
else
  redis.call('DEL', KEYS[2])
end
return copied
