-- Removes from a set the members of other sets in its slot and the given members.
-- KEYS[1..n]  KEYS[1] is the set; KEYS[2..n], if any, are other sets in the same slot
-- ARGV[1..n]  members to remove
-- Reply:   how many members were removed
local set = KEYS[1]
local size = redis.call('SCARD', set)
for i = 2, #KEYS do
  redis.call('SCARD', KEYS[i])
end
for i = 2, #KEYS do
  if KEYS[i] == set then
    redis.call('DEL', set)
    return size
  end
end
local removed = 0
local function remove(members)
  for first = 1, #members, 1000 do
    local last = math.min(first + 999, #members)
    removed = removed + redis.call('SREM', set, unpack(members, first, last))
  end
end
for i = 2, #KEYS do
  local cursor = '0'
  repeat
    local page = redis.call('SSCAN', KEYS[i], cursor, 'COUNT', 1000)
    cursor = page[1]
    remove(page[2])
  until cursor == '0' or removed == size
end
remove(ARGV)
return removed
