-- Inserts values at an index, shifting later elements towards the tail; optionally replaces a
-- number of elements at the index with them (a splice, as a sub-list's sort and replaceAll write
-- back their range).
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  the index, 0 <= index <= length
-- ARGV[2]  how many elements to remove at the index first, 0 to insert only; index + count <=
--          length
-- ARGV[3..n]  the values, in order
-- Reply:   the new length; error INDEX when index + count is beyond the length
--
-- The elements on the shorter side of the replaced range move through the scratch list in slices,
-- so the cost is O(min(index, length - index - count) + count + values) and memory stays bounded.
-- The time to live is kept.
local list, scratch = KEYS[1], KEYS[2]
local index, count = tonumber(ARGV[1]), tonumber(ARGV[2])
local length = redis.call('LLEN', list)
if index + count > length then
  if count == 0 then
    return redis.error_reply('INDEX index ' .. index .. ' out of range for length ' .. length)
  end
  return redis.error_reply('INDEX range [' .. index .. ', ' .. (index + count)
    .. ') out of range for length ' .. length)
end
local slice = 1000
-- Replacing every element empties the list for a moment, which would drop its time to live.
local ttl = (count > 0 and count == length) and redis.call('PTTL', list) or -1
redis.call('DEL', scratch)

local function push(command, from, to, step)
  local batch = {}
  for i = from, to, step do
    batch[#batch + 1] = ARGV[i]
    if #batch == slice then
      redis.call(command, list, unpack(batch))
      batch = {}
    end
  end
  if #batch > 0 then
    redis.call(command, list, unpack(batch))
  end
end

local function move(from, fromEnd, to, toEnd, n)
  while n > 0 do
    local take = math.min(n, slice)
    local items = redis.call(fromEnd, from, take)
    redis.call(toEnd, to, unpack(items))
    n = n - take
  end
end

local function drop(fromEnd, n)
  while n > 0 do
    local take = math.min(n, slice)
    redis.call(fromEnd, list, take)
    n = n - take
  end
end

local after = length - index - count
if index <= after then
  move(list, 'LPOP', scratch, 'RPUSH', index)
  drop('LPOP', count)
  push('LPUSH', #ARGV, 3, -1)
  move(scratch, 'RPOP', list, 'LPUSH', index)
else
  move(list, 'RPOP', scratch, 'RPUSH', after)
  drop('RPOP', count)
  push('RPUSH', 3, #ARGV, 1)
  move(scratch, 'RPOP', list, 'RPUSH', after)
end
if ttl > 0 and #ARGV > 2 then
  redis.call('PEXPIRE', list, ttl)
end
return length - count + #ARGV - 2
