-- Removes the fields of a hash that match given keys, values or entries, or (retain) every other
-- field. Matching fields are found first (direct lookups for keys and entries to remove, otherwise
-- one scan in slices of 1,000 fields), then removed with HDELs of at most 1,000 fields each.
-- KEYS[1]  the hash
-- ARGV[1]  what ARGV[4..n] hold: 'keys' (fields), 'values', or 'entries' (field, value pairs)
-- ARGV[2]  'remove' to remove the matching fields, 'retain' to remove the others
-- ARGV[3]  the most fields to remove, or '0' for no limit
-- ARGV[4..n]  the keys, values or entries
-- Reply:   how many fields were removed
local hash, kind, retain = KEYS[1], ARGV[1], ARGV[2] == 'retain'
local limit = tonumber(ARGV[3])
redis.call('HLEN', hash)
local wanted = {}
if kind == 'entries' then
  for i = 4, #ARGV, 2 do
    wanted[ARGV[i]] = wanted[ARGV[i]] or {}
    wanted[ARGV[i]][ARGV[i + 1]] = true
  end
else
  for i = 4, #ARGV do
    wanted[ARGV[i]] = true
  end
end
local doomed = {}
local function full()
  return limit > 0 and #doomed >= limit
end
if not retain and kind ~= 'values' then
  for field, values in pairs(wanted) do
    if full() then
      break
    end
    if kind == 'keys' then
      if redis.call('HEXISTS', hash, field) == 1 then
        doomed[#doomed + 1] = field
      end
    else
      local value = redis.call('HGET', hash, field)
      if value and values[value] then
        doomed[#doomed + 1] = field
      end
    end
  end
else
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', hash, cursor, 'COUNT', 1000)
    cursor = page[1]
    local items = page[2]
    for i = 1, #items, 2 do
      local field, value = items[i], items[i + 1]
      local match
      if kind == 'keys' then
        match = wanted[field] ~= nil
      elseif kind == 'values' then
        match = wanted[value] ~= nil
      else
        match = wanted[field] ~= nil and wanted[field][value] ~= nil
      end
      if match ~= retain then
        doomed[#doomed + 1] = field
        if full() then
          cursor = '0'
          break
        end
      end
    end
  until cursor == '0'
end
local removed = 0
for i = 1, #doomed, 1000 do
  removed = removed + redis.call('HDEL', hash, unpack(doomed, i, math.min(i + 999, #doomed)))
end
return removed
