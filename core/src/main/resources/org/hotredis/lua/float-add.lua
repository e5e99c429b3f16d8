-- Adds to a stored floating point number with INCRBYFLOAT, refusing a result beyond the range of
-- a double: Redis computes in long double, so it would store a sum such as 2 * 1.7976931348623157e308
-- that reads back as infinity. Nothing is changed when the script fails.
-- KEYS[1]  the number (a string)
-- ARGV[1]  the amount, finite decimal text
-- Reply:   { the text before (nil if the key was absent), the text after }; error OVERFLOW when the
--          result would be infinite or NaN as a double
local before = redis.call('GET', KEYS[1])
local current = tonumber(before or '0')
if current then
  local sum = current + tonumber(ARGV[1])
  if sum ~= sum or sum == math.huge or sum == -math.huge then
    return redis.error_reply('OVERFLOW the result would be NaN or infinite')
  end
end
local after = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
return { before, after }
