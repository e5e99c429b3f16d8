-- Adds to a set the members of other sets in its slot and the given members.
-- KEYS[1..n]  KEYS[1] is the set; KEYS[2..n], if any, are other sets in the same slot
-- ARGV[1..n]  members to add
-- Reply:   how many members were added
local set = KEYS[1]
for i = 1, #KEYS do
  redis.call('SCARD', KEYS[i])
end
local added = 0
local function add(members)
  for first = 1, #members, 1000 do
    local last = math.min(first + 999, #members)
    added = added + redis.call('SADD', set, unpack(members, first, last))
  end
end
for i = 2, #KEYS do
  if KEYS[i] ~= set then
    local cursor = '0'
    repeat
      local page = redis.call('SSCAN', KEYS[i], cursor, 'COUNT', 1000)
      cursor = page[1]
      add(page[2])
    until cursor == '0'
  end
end
add(ARGV)
return added
