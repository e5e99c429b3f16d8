-- Keeps in a set only the members that are in every other set given in its slot and, when a list
-- is given, in that list.
-- KEYS[1..n]  KEYS[1] is the set; KEYS[2..n], if any, are other sets in the same slot
-- ARGV[1]     '1' if ARGV[2..n] lists the members allowed to stay, '0' if there is no list
-- ARGV[2..n]  the members allowed to stay
-- Reply:   how many members were removed
local set = KEYS[1]
local size = redis.call('SCARD', set)
local others = {}
local empty = false
for i = 2, #KEYS do
  if redis.call('SCARD', KEYS[i]) == 0 then
    empty = true
  end
  if KEYS[i] ~= set then
    others[#others + 1] = KEYS[i]
  end
end
local listed = ARGV[1] == '1'
if size == 0 or (not listed and #others == 0) then
  return 0
end
if empty or (listed and #ARGV == 1) then
  redis.call('DEL', set)
  return size
end
local allowed = {}
for i = 2, #ARGV do
  allowed[ARGV[i]] = true
end
local removed = 0
local cursor = '0'
repeat
  local page = redis.call('SSCAN', set, cursor, 'COUNT', 1000)
  cursor = page[1]
  local members = page[2]
  for first = 1, #members, 1000 do
    local last = math.min(first + 999, #members)
    local keep = {}
    for i = first, last do
      keep[i] = not listed or allowed[members[i]] == true
    end
    for _, other in ipairs(others) do
      local flags = redis.call('SMISMEMBER', other, unpack(members, first, last))
      for i = first, last do
        if flags[i - first + 1] == 0 then
          keep[i] = false
        end
      end
    end
    local gone = {}
    for i = first, last do
      if not keep[i] then
        gone[#gone + 1] = members[i]
      end
    end
    if #gone > 0 then
      removed = removed + redis.call('SREM', set, unpack(gone))
    end
  end
until cursor == '0'
return removed
