-- Keeps or drops every element of an index range that equals one of the given values, keeping
-- the order of the others and the time to live.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  'keep' (retainAll) or 'drop' (removeAll)
-- ARGV[2]  the first index of the range, 0 <= from
-- ARGV[3]  the end of the range (exclusive), clamped to the length
-- ARGV[4..n]  the values
-- Reply:   how many elements were removed
--
-- Dropping one value from the whole list is one LREM. Otherwise the elements between the nearer
-- end of the list and the far end of the range move through the scratch list in slices of 1,000,
-- the kept ones move back, and the others stay where they are: O(min(to, length - from) + values)
-- with bounded memory, not O(length x values). When the range is the whole list, the scratch list
-- is renamed over it instead of moving back.
local list, scratch = KEYS[1], KEYS[2]
local keep = ARGV[1] == 'keep'
local length = redis.call('LLEN', list)
local from = tonumber(ARGV[2])
local to = math.min(tonumber(ARGV[3]), length)
if from >= to then
  return 0
end
if not keep and #ARGV == 4 and from == 0 and to == length then
  return redis.call('LREM', list, 0, ARGV[4])
end
local listed = {}
for i = 4, #ARGV do
  listed[ARGV[i]] = true
end
local slice = 1000

-- Takes n elements off one end of the list, in order from that end, and appends the kept ones to
-- the scratch list; position is the index of the first element taken, step +1 or -1.
local function sift(popEnd, n, position, step)
  local removed = 0
  while n > 0 do
    local items = redis.call(popEnd, list, math.min(n, slice))
    local batch = {}
    for _, item in ipairs(items) do
      if position < from or position >= to or (listed[item] == true) == keep then
        batch[#batch + 1] = item
      else
        removed = removed + 1
      end
      position = position + step
    end
    if #batch > 0 then
      redis.call('RPUSH', scratch, unpack(batch))
    end
    n = n - #items
  end
  return removed
end

local function restore(targetEnd)
  while true do
    local items = redis.call('RPOP', scratch, slice)
    if not items then
      return
    end
    redis.call(targetEnd, list, unpack(items))
  end
end

redis.call('DEL', scratch)
local removed
if to == length and from == 0 then
  local ttl = redis.call('PTTL', list)
  removed = sift('LPOP', length, 0, 1)
  if removed < length then
    redis.call('RENAME', scratch, list)
    if ttl > 0 then
      redis.call('PEXPIRE', list, ttl)
    end
  end
elseif to <= length - from then
  removed = sift('LPOP', to, 0, 1)
  restore('LPUSH')
else
  removed = sift('RPOP', length - from, length - 1, -1)
  restore('RPUSH')
end
return removed
