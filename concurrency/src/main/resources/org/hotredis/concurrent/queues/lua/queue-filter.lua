-- Removes the elements of a queue that are (or are not) among given values, keeping the order of
-- the others and the time to live; a set-queue forgets them. When the queue stops being full, tells
-- the producers waiting for space.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  the channel of producers waiting for space
-- ARGV[3]  'remove' to remove the given values, 'retain' to remove all others
-- ARGV[4..n]  the values
-- Reply:   how many elements were removed
--
-- One pass counts what goes; if anything does, a second pass rotates the list once: it pops every
-- element from the head in slices of 1000 and pushes the kept ones back at the tail.
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
local unique = ARGV[1] == '1'
local retain = ARGV[3] == 'retain'
local given = {}
for i = 4, #ARGV do
  given[ARGV[i]] = true
end
local function goes(item)
  if retain then
    return not given[item]
  end
  return given[item] == true
end
local length = redis.call('LLEN', list)
local going = 0
for start = 0, length - 1, 1000 do
  for _, item in ipairs(redis.call('LRANGE', list, start, start + 999)) do
    if goes(item) then
      going = going + 1
    end
  end
end
if going == 0 then
  return 0
end
local ttl = redis.call('PTTL', list)
local left = length
while left > 0 do
  local items = redis.call('LPOP', list, math.min(1000, left))
  left = left - #items
  local kept, dropped = {}, {}
  for _, item in ipairs(items) do
    if goes(item) then
      dropped[#dropped + 1] = item
    else
      kept[#kept + 1] = item
    end
  end
  if #kept > 0 then
    redis.call('RPUSH', list, unpack(kept))
  end
  if unique and #dropped > 0 then
    redis.call('SREM', set, unpack(dropped))
  end
end
if ttl > 0 and redis.call('EXISTS', list) == 1 then
  redis.call('PEXPIRE', list, ttl)
end
local capacity = tonumber(redis.call('GET', capacityKey))
if capacity and length >= capacity and length - going < capacity then
  redis.call('PUBLISH', ARGV[2], 'space')
end
return going
