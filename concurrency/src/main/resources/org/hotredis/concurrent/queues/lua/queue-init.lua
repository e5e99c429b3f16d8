-- Creates or attaches to a queue: checks or stores its capacity and, with initial elements, replaces
-- its contents. The first build fixes the capacity: a queue created without one is recorded as
-- 'unbounded', so that no later build can bound it while the record lasts.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the capacity: decimal text, or 'unbounded'
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2]  the capacity asked for, or '0' to keep the stored one (or none)
-- ARGV[3]  '1' to replace the contents with ARGV[5..n], else '0'
-- ARGV[4]  'L' to push the elements at the head, 'R' at the tail
-- ARGV[5..n]  the initial elements, in the order they are put
-- Reply:   the capacity in force, 0 if the queue is unbounded; an ILLEGALSTATE error if another
--          capacity is stored (or the queue is recorded unbounded and a capacity is asked for), an
--          ILLEGALARG error if the initial elements exceed the capacity
--#include lib/push.lua
local list, set, capacityKey = KEYS[1], KEYS[2], KEYS[3]
local unique = ARGV[1] == '1'
local asked = tonumber(ARGV[2])
local stored = redis.call('GET', capacityKey)
local capacity = 0
if stored == 'unbounded' then
  if asked > 0 then
    return redis.error_reply('ILLEGALSTATE the queue already exists unbounded, not with capacity ' ..
      ARGV[2] .. '; delete() it to change the capacity')
  end
elseif stored then
  capacity = tonumber(stored)
  if not capacity or capacity < 1 or capacity % 1 ~= 0 then
    return redis.error_reply('ILLEGALSTATE the stored capacity "' .. stored .. '" is not a positive integer')
  end
  if asked > 0 and asked ~= capacity then
    return redis.error_reply('ILLEGALSTATE the queue already exists with capacity ' .. stored ..
      ', not ' .. ARGV[2] .. '; delete() it to change the capacity')
  end
elseif asked > 0 then
  capacity = asked
end
if ARGV[3] == '1' then
  local values = {}
  local seen = {}
  for i = 5, #ARGV do
    local value = ARGV[i]
    if not unique or not seen[value] then
      seen[value] = true
      values[#values + 1] = value
    end
  end
  if capacity > 0 and #values > capacity then
    return redis.error_reply('ILLEGALARG ' .. #values .. ' initial elements exceed the capacity ' ..
      capacity)
  end
  redis.call('DEL', list, set)
  pushAll(list, set, values, ARGV[4] == 'L', unique)
end
if not stored then
  redis.call('SET', capacityKey, capacity > 0 and capacity or 'unbounded')
end
return capacity
