-- Sums the counts of a multiset exactly. Lua numbers are doubles, exact only up to 2^53, so the
-- sum is kept in three base-10^7 limbs, carried after every count; the hash is read in slices of
-- 1,000 fields (HSCAN).
-- KEYS[1]  the multiset (a hash of decimal counts)
-- Reply:   {high, middle, low}: the total is high * 10^14 + middle * 10^7 + low, where
--          0 <= middle, low < 10^7; error if a count is not an integer
local base = 10000000
local high, middle, low = 0, 0, 0
local cursor = '0'
repeat
  local page = redis.call('HSCAN', KEYS[1], cursor, 'COUNT', 1000)
  cursor = page[1]
  local items = page[2]
  for i = 2, #items, 2 do
    local text = items[i]
    local sign, digits = 1, text
    if string.sub(text, 1, 1) == '-' then
      sign, digits = -1, string.sub(text, 2)
    end
    if not string.find(digits, '^%d+$') or #digits > 19 then
      return redis.error_reply('ERR hash value is not an integer (the count of an element)')
    end
    local n = #digits
    low = low + sign * tonumber(string.sub(digits, math.max(1, n - 6)))
    if n > 7 then
      middle = middle + sign * tonumber(string.sub(digits, math.max(1, n - 13), n - 7))
    end
    if n > 14 then
      high = high + sign * tonumber(string.sub(digits, 1, n - 14))
    end
    local carry = math.floor(low / base)
    low = low - carry * base
    middle = middle + carry
    carry = math.floor(middle / base)
    middle = middle - carry * base
    high = high + carry
  end
until cursor == '0'
return {high, middle, low}
