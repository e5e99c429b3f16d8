-- Removes every occurrence of each given value, keeping the order of the rest and the time to live.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1..n]  the values to remove
-- Reply:   how many elements were removed
--
-- One value is removed with one LREM. Several values are removed in one pass that moves the
-- kept elements through the scratch list in slices: O(length + values), not O(length x values).
local list, scratch = KEYS[1], KEYS[2]
local length = redis.call('LLEN', list)
if length == 0 then
  return 0
end
if #ARGV == 1 then
  return redis.call('LREM', list, 0, ARGV[1])
end
local drop = {}
for i = 1, #ARGV do
  drop[ARGV[i]] = true
end
local ttl = redis.call('PTTL', list)
redis.call('DEL', scratch)
local kept = 0
while true do
  local items = redis.call('LPOP', list, 1000)
  if not items then
    break
  end
  local batch = {}
  for _, item in ipairs(items) do
    if not drop[item] then
      batch[#batch + 1] = item
    end
  end
  if #batch > 0 then
    redis.call('RPUSH', scratch, unpack(batch))
    kept = kept + #batch
  end
end
if kept > 0 then
  redis.call('RENAME', scratch, list)
  if ttl > 0 then
    redis.call('PEXPIRE', list, ttl)
  end
end
return length - kept
