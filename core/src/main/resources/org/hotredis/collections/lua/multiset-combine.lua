-- Replaces each count with the minimum (intersection, Python's Counter &=) or the maximum (union,
-- Counter |=) of itself and the other multiset's count, a missing count being 0, then removes
-- every element whose count is not positive, as Counter does. Counts are compared exactly, as
-- decimal text, never as Lua numbers (doubles); results are counts already stored or given.
-- Every count is checked before the first write.
-- KEYS[1..n]  the multiset (a hash of decimal counts), then optionally the other multiset
-- ARGV[1]  'min' for the intersection, 'max' for the union
-- ARGV[2..n]  without a second key: the other multiset, as element, count pairs
-- Reply:   the number of elements left
local function integer(text)
  if text == '0' then
    return true
  end
  local digits = text
  local limit = '9223372036854775807'
  if string.sub(text, 1, 1) == '-' then
    digits = string.sub(text, 2)
    limit = '9223372036854775808'
  end
  if not string.find(digits, '^[1-9]%d*$') or #digits > 19 then
    return false
  end
  return #digits < 19 or digits <= limit
end
local function negative(text)
  return string.sub(text, 1, 1) == '-'
end
local function compare(a, b)
  local na, nb = negative(a), negative(b)
  if na ~= nb then
    return na and -1 or 1
  end
  local sign = na and -1 or 1
  if #a ~= #b then
    return (#a < #b and -1 or 1) * sign
  end
  if a == b then
    return 0
  end
  return (a < b and -1 or 1) * sign
end
local function positive(text)
  return text ~= '0' and not negative(text)
end

local hash = KEYS[1]
local mine = redis.call('HGETALL', hash)
local theirs = {}
if #KEYS > 1 then
  local flat = redis.call('HGETALL', KEYS[2])
  for i = 1, #flat, 2 do
    theirs[flat[i]] = flat[i + 1]
  end
else
  for i = 2, #ARGV, 2 do
    theirs[ARGV[i]] = ARGV[i + 1]
  end
end
for i = 2, #mine, 2 do
  if not integer(mine[i]) then
    return redis.error_reply('ERR hash value is not an integer (the count of an element)')
  end
end
for _, count in pairs(theirs) do
  if not integer(count) then
    return redis.error_reply('ERR hash value is not an integer (a count of the other multiset)')
  end
end
local union = ARGV[1] == 'max'
local doomed, updates, seen = {}, {}, {}
for i = 1, #mine, 2 do
  local field, count = mine[i], mine[i + 1]
  seen[field] = true
  local other = theirs[field] or '0'
  local order = compare(other, count)
  local result = count
  if (union and order > 0) or (not union and order < 0) then
    result = other
  end
  if not positive(result) then
    doomed[#doomed + 1] = field
  elseif result ~= count then
    updates[#updates + 1] = field
    updates[#updates + 1] = result
  end
end
if union then
  for field, count in pairs(theirs) do
    if not seen[field] and positive(count) then
      updates[#updates + 1] = field
      updates[#updates + 1] = count
    end
  end
end
for i = 1, #doomed, 1000 do
  redis.call('HDEL', hash, unpack(doomed, i, math.min(i + 999, #doomed)))
end
for i = 1, #updates, 1000 do
  redis.call('HSET', hash, unpack(updates, i, math.min(i + 999, #updates)))
end
return redis.call('HLEN', hash)
