-- Keeps only the elements equal to one of the given values, in order, keeping the time to live.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1..n]  the values to keep
-- Reply:   how many elements were removed
local list, scratch = KEYS[1], KEYS[2]
local length = redis.call('LLEN', list)
if length == 0 then
  return 0
end
local keep = {}
for i = 1, #ARGV do
  keep[ARGV[i]] = true
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
    if keep[item] then
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
