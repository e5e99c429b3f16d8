-- Replaces the element at an index, optionally only if it still holds an expected value.
-- KEYS[1]  the list
-- ARGV[1]  the index, 0-based, not negative
-- ARGV[2]  the new value
-- ARGV[3]  optional: the value the element must still hold
-- Reply:   the previous value; error INDEX when the index is out of range, CONCURRENT when the
--          element no longer holds the expected value
local index = tonumber(ARGV[1])
local old = redis.call('LINDEX', KEYS[1], index)
if not old then
  return redis.error_reply('INDEX index ' .. index .. ' out of range for length '
    .. redis.call('LLEN', KEYS[1]))
end
if ARGV[3] and old ~= ARGV[3] then
  return redis.error_reply('CONCURRENT the element at index ' .. index
    .. ' was changed by another client')
end
redis.call('LSET', KEYS[1], index, ARGV[2])
return old
