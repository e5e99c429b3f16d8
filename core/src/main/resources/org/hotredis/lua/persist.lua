-- Removes the time to live of an object's key and its companion keys.
-- KEYS[1..n]  the object's keys, the main key first
-- Reply:      1 if the main key had a time to live, else 0
local removed = redis.call('PERSIST', KEYS[1])
for i = 2, #KEYS do
  redis.call('PERSIST', KEYS[i])
end
return removed
