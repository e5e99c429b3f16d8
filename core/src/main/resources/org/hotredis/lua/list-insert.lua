-- Inserts values at an index, shifting later elements towards the tail.
-- KEYS[1]  the list
-- KEYS[2]  a scratch list in the same slot, empty before and after
-- ARGV[1]  the index, 0 <= index <= length
-- ARGV[2..n]  the values, in order
-- Reply:   the new length; error INDEX when the index is beyond the length
--
-- The elements on the shorter side of the index move through the scratch list in slices, so
-- the cost is O(min(index, length - index) + values) and memory stays bounded.
local list, scratch = KEYS[1], KEYS[2]
local index = tonumber(ARGV[1])
local length = redis.call('LLEN', list)
if index > length then
  return redis.error_reply('INDEX index ' .. index .. ' out of range for length ' .. length)
end
local count = #ARGV - 1
local slice = 1000
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

if index <= length - index then
  move(list, 'LPOP', scratch, 'RPUSH', index)
  push('LPUSH', #ARGV, 2, -1)
  move(scratch, 'RPOP', list, 'LPUSH', index)
else
  move(list, 'RPOP', scratch, 'RPUSH', length - index)
  push('RPUSH', 2, #ARGV, 1)
  move(scratch, 'RPOP', list, 'RPUSH', length - index)
end
return length + count
