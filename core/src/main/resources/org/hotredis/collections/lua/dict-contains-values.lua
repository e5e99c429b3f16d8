-- Tells whether every given value is held by some field of a hash, scanning the hash in slices of
-- 1,000 fields (HSCAN) so that memory stays bounded.
-- KEYS[1]  the hash
-- ARGV[1..n]  the values
-- Reply:   1 if every value is held by some field, else 0
local wanted, missing = {}, 0
for i = 1, #ARGV do
  if not wanted[ARGV[i]] then
    wanted[ARGV[i]] = true
    missing = missing + 1
  end
end
local cursor = '0'
repeat
  local page = redis.call('HSCAN', KEYS[1], cursor, 'COUNT', 1000)
  cursor = page[1]
  local items = page[2]
  for i = 2, #items, 2 do
    if wanted[items[i]] then
      wanted[items[i]] = nil
      missing = missing - 1
    end
  end
until cursor == '0' or missing == 0
return missing == 0 and 1 or 0
