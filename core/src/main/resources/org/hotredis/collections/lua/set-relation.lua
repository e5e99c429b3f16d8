-- Measures how a set overlaps another set in its slot, or a list of members.
-- KEYS[1..n]  the set, then optionally the other set, in the same slot
-- ARGV[1..n]  without the other set: the other members, each once
-- Reply:   {the size of the set, the size of the other, how many members both hold}
local set = KEYS[1]
local size = redis.call('SCARD', set)
if #KEYS > 1 then
  return {size, redis.call('SCARD', KEYS[2]), redis.call('SINTERCARD', 2, set, KEYS[2])}
end
local common = 0
if size > 0 then
  for first = 1, #ARGV, 1000 do
    local last = math.min(first + 999, #ARGV)
    local flags = redis.call('SMISMEMBER', set, unpack(ARGV, first, last))
    for i = 1, #flags do
      common = common + flags[i]
    end
  end
end
return {size, #ARGV, common}
