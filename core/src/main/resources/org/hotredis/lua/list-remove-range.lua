-- Removes the elements from one index (inclusive) to another (exclusive), optionally only if
-- the single element removed still holds an expected value.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  the first index removed, 0 <= from
-- ARGV[2]  the index after the last one removed, from <= to <= length
-- ARGV[3]  optional: the value the one removed element must hold (when to = from + 1)
-- Reply:   the first removed element (nil when the range is empty); error INDEX when the range
--          is out of bounds, CONCURRENT when the element no longer holds the expected value
--
-- The elements on the shorter side of the range move through the scratch list in slices, so
-- the cost is O(min(from, length - to) + removed) and memory stays bounded.
local list, scratch = KEYS[1], KEYS[2]
local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
local length = redis.call('LLEN', list)
if to > length or from > to then
  return redis.error_reply('INDEX range [' .. from .. ', ' .. to
    .. ') out of range for length ' .. length)
end
if from == to then
  return false
end
local first = redis.call('LINDEX', list, from)
if ARGV[3] and first ~= ARGV[3] then
  return redis.error_reply('CONCURRENT the element at index ' .. from
    .. ' was changed by another client')
end
local slice = 1000
redis.call('DEL', scratch)

local function move(source, sourceEnd, target, targetEnd, n)
  while n > 0 do
    local take = math.min(n, slice)
    local items = redis.call(sourceEnd, source, take)
    redis.call(targetEnd, target, unpack(items))
    n = n - take
  end
end

local function drop(sourceEnd, n)
  while n > 0 do
    local take = math.min(n, slice)
    redis.call(sourceEnd, list, take)
    n = n - take
  end
end

if from <= length - to then
  move(list, 'LPOP', scratch, 'RPUSH', from)
  drop('LPOP', to - from)
  move(scratch, 'RPOP', list, 'LPUSH', from)
else
  move(list, 'RPOP', scratch, 'RPUSH', length - to)
  drop('RPOP', to - from)
  move(scratch, 'RPOP', list, 'RPUSH', length - to)
end
return first
