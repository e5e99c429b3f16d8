-- Adds an amount to a stored floating point number with double arithmetic, exactly as Java's +
-- on double (Lua numbers are IEEE doubles; the stored text and the amount are parsed correctly
-- rounded), and stores the sum as the shortest plain decimal that reads back as the same double,
-- in the form Codecs.doubles() writes: no exponent, and ".0" on whole numbers from 0.001 to 10^7.
-- INCRBYFLOAT is not used: it adds in long double and keeps 17 decimal places, so it loses small
-- amounts (1e-18 + 1e-18 gives 0) and significant digits. The time to live is kept. Nothing is
-- changed when the script fails.
-- KEYS[1]  the number (a string)
-- ARGV[1]  the amount, finite plain decimal text
-- Reply:   { the text before (nil if the key was absent), the text after }; error OVERFLOW when
--          the sum is infinite; an error as INCRBYFLOAT's when the key holds text that is not a
--          decimal number
local before = redis.call('GET', KEYS[1])
local current = 0
if before then
  current = string.find(before, '^[-+]?[%d.]+[eE]?[-+]?%d*$') and tonumber(before)
  if not current then
    return redis.error_reply('ERR value is not a valid float')
  end
end
local sum = current + tonumber(ARGV[1])
if sum ~= sum or sum == math.huge or sum == -math.huge then
  return redis.error_reply('OVERFLOW the result would be NaN or infinite')
end

-- The shortest decimal digits that read back as x (as Java's Double.toString and Python's repr
-- choose them), written without exponent.
local function plain(x)
  if x == 0 then
    return (1 / x < 0) and '-0.0' or '0.0'
  end
  local text
  for digits = 1, 17 do
    text = string.format('%.' .. (digits - 1) .. 'e', x)
    if tonumber(text) == x then
      break
    end
  end
  local sign, first, rest, exponent = string.match(text, '^(-?)(%d)%.?(%d*)e([-+]%d+)$')
  local mantissa = first .. rest
  local point = tonumber(exponent) + 1
  local whole, fraction
  if point <= 0 then
    whole, fraction = '0', string.rep('0', -point) .. mantissa
  elseif point >= #mantissa then
    whole, fraction = mantissa .. string.rep('0', point - #mantissa), ''
  else
    whole, fraction = string.sub(mantissa, 1, point), string.sub(mantissa, point + 1)
  end
  if fraction == '' then
    local magnitude = math.abs(x)
    if magnitude < 1e-3 or magnitude >= 1e7 then
      return sign .. whole
    end
    fraction = '0'
  end
  return sign .. whole .. '.' .. fraction
end

local after = plain(sum)
redis.call('SET', KEYS[1], after, 'KEEPTTL')
return { before, after }
