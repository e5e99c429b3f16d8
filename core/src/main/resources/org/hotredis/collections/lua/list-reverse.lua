-- Reverses a list in place, keeping its time to live.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- Reply:   the length
--
-- Elements move to the scratch list in slices of 1000 (LPOP, then LPUSH reverses them), and the
-- scratch list is renamed over the original: O(n) time, bounded memory, no unpack limit.
local list, scratch = KEYS[1], KEYS[2]
local length = redis.call('LLEN', list)
if length < 2 then
  return length
end
local ttl = redis.call('PTTL', list)
redis.call('DEL', scratch)
while true do
  local items = redis.call('LPOP', list, 1000)
  if not items then
    break
  end
  redis.call('LPUSH', scratch, unpack(items))
end
redis.call('RENAME', scratch, list)
if ttl > 0 then
  redis.call('PEXPIRE', list, ttl)
end
return length
