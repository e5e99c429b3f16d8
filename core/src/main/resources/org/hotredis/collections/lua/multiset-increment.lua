-- Adds an amount to the count of each given element (HINCRBY), all or nothing: if one increment
-- fails (the count would overflow, or a stored count is not an integer) the counts changed before
-- it are restored and the error is returned, so a failing call changes nothing.
-- KEYS[1]  the multiset (a hash of decimal counts)
-- ARGV[1..n]  pairs: an element, then the amount to add to its count (a decimal integer); each
--             element appears once
-- Reply:   the number of elements whose count was changed
local hash = KEYS[1]
local before = {}
for i = 1, #ARGV, 2 do
  before[#before + 1] = redis.call('HGET', hash, ARGV[i])
end
for i = 1, #ARGV, 2 do
  local result = redis.pcall('HINCRBY', hash, ARGV[i], ARGV[i + 1])
  if type(result) == 'table' and result.err then
    local n = 0
    for j = 1, i - 2, 2 do
      n = n + 1
      if before[n] then
        redis.call('HSET', hash, ARGV[j], before[n])
      else
        redis.call('HDEL', hash, ARGV[j])
      end
    end
    return result
  end
end
return #before
