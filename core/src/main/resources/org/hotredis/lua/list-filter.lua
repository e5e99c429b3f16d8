-- Keeps or drops every element equal to one of the given values, keeping the order of the rest
-- and the time to live.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  'keep' (retainAll) or 'drop' (removeAll)
-- ARGV[2..n]  the values
-- Reply:   how many elements were removed
--
-- Dropping one value is one LREM. Otherwise one pass moves the kept elements through the scratch
-- list in slices: O(length + values) with bounded memory, not O(length x values).
local list, scratch = KEYS[1], KEYS[2]
local keep = ARGV[1] == 'keep'
local length = redis.call('LLEN', list)
if length == 0 then
  return 0
end
if not keep and #ARGV == 2 then
  return redis.call('LREM', list, 0, ARGV[2])
end
local listed = {}
for i = 2, #ARGV do
  listed[ARGV[i]] = true
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
    if (listed[item] == true) == keep then
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
