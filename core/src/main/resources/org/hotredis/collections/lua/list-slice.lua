-- Returns part of a list with Python's slice semantics, list[start:stop:step].
-- KEYS[1]  the list
-- ARGV[1]  the start index, or empty for Python's None
-- ARGV[2]  the stop index (exclusive), or empty for None
-- ARGV[3]  the step, not 0
-- Reply:   the selected elements, in order
local list = KEYS[1]
local length = redis.call('LLEN', list)
local step = tonumber(ARGV[3])
local lower, upper = 0, length
if step < 0 then
  lower, upper = -1, length - 1
end
-- As CPython's PySlice_AdjustIndices.
local function bound(text, default)
  if text == '' then
    return default
  end
  local i = tonumber(text)
  if i < 0 then
    i = i + length
    if i < lower then
      i = lower
    end
  elseif i > upper then
    i = upper
  end
  return i
end
local result = {}
if step > 0 then
  local start, stop = bound(ARGV[1], lower), bound(ARGV[2], upper)
  if start < stop then
    local items = redis.call('LRANGE', list, start, stop - 1)
    for i = 1, #items, step do
      result[#result + 1] = items[i]
    end
  end
else
  local start, stop = bound(ARGV[1], upper), bound(ARGV[2], lower)
  if start > stop then
    local items = redis.call('LRANGE', list, stop + 1, start)
    for i = #items, 1, step do
      result[#result + 1] = items[i]
    end
  end
end
return result
