-- Puts elements back at the head of a queue, in their order, as if they had not been removed; a
-- set-queue skips the elements it holds again meanwhile. The capacity is not checked: the elements
-- were in the queue.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2..n]  the elements, head first
-- Reply:   how many elements were put back
local list, set = KEYS[1], KEYS[2]
local unique = ARGV[1] == '1'
local returned = 0
for i = #ARGV, 2, -1 do
  if not unique or redis.call('SADD', set, ARGV[i]) == 1 then
    redis.call('LPUSH', list, ARGV[i])
    returned = returned + 1
  end
end
return returned
