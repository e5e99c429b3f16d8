-- Finds the first or the last element equal to a value in an index range of a list.
-- KEYS[1]  the list
-- ARGV[1]  'first' or 'last'
-- ARGV[2]  the first index of the range, 0 <= from
-- ARGV[3]  the end of the range (exclusive), clamped to the length
-- ARGV[4]  the value
-- Reply:   the element's index in the list, or -1 if the range holds no such element
--
-- Reads the range in slices of 1,000 from the end it searches from: O(distance to the element),
-- bounded memory.
local list, value = KEYS[1], ARGV[4]
local from = tonumber(ARGV[2])
local to = math.min(tonumber(ARGV[3]), redis.call('LLEN', list))
if ARGV[1] == 'first' then
  local start = from
  while start < to do
    local stop = math.min(start + 999, to - 1)
    local items = redis.call('LRANGE', list, start, stop)
    for i = 1, #items do
      if items[i] == value then
        return start + i - 1
      end
    end
    start = stop + 1
  end
else
  local stop = to - 1
  while stop >= from do
    local start = math.max(stop - 999, from)
    local items = redis.call('LRANGE', list, start, stop)
    for i = #items, 1, -1 do
      if items[i] == value then
        return start + i - 1
      end
    end
    stop = start - 1
  end
end
return -1
