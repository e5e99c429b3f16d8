-- Removes the elements from one index (inclusive) to another (exclusive); or only if the one
-- element removed still holds an expected value; or the first element of the range equal to a
-- value.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  the first index, 0 <= from
-- ARGV[2]  the end index (exclusive), from <= to <= length
-- ARGV[3]  optional: 'expect' to remove the one element of the range (to = from + 1) only if it
--          holds ARGV[4]; 'first' to remove only the first element of the range equal to ARGV[4]
--          (the range is then clamped to the length)
-- ARGV[4]  with ARGV[3]: the value
-- Reply:   the first removed element (nil when nothing was removed); error INDEX when the range is
--          out of bounds, CONCURRENT when the element no longer holds the expected value
--
-- The elements on the shorter side of the removed range move through the scratch list in slices,
-- so the cost is O(min(from, length - to) + removed) and memory stays bounded ('first' also reads
-- the range up to the element found, in slices).
local list, scratch = KEYS[1], KEYS[2]
local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
local mode, value = ARGV[3], ARGV[4]
local length = redis.call('LLEN', list)
local slice = 1000
if mode == 'first' then
  to = math.min(to, length)
  local found = nil
  local start = from
  while not found and start < to do
    local stop = math.min(start + slice - 1, to - 1)
    local items = redis.call('LRANGE', list, start, stop)
    for i = 1, #items do
      if items[i] == value then
        found = start + i - 1
        break
      end
    end
    start = stop + 1
  end
  if not found then
    return false
  end
  from, to = found, found + 1
end
if to > length or from > to then
  return redis.error_reply('INDEX range [' .. from .. ', ' .. to
    .. ') out of range for length ' .. length)
end
if from == to then
  return false
end
local first = redis.call('LINDEX', list, from)
if mode == 'expect' and first ~= value then
  return redis.error_reply('CONCURRENT the element at index ' .. from
    .. ' was changed by another client')
end
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
