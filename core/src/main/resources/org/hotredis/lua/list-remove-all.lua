-- Removes every occurrence of each given value.
-- KEYS[1]  the list
-- ARGV[1..n]  the values to remove
-- Reply:   how many elements were removed
local list = KEYS[1]
redis.call('LLEN', list)
local removed = 0
for i = 1, #ARGV do
  removed = removed + redis.call('LREM', list, 0, ARGV[i])
end
return removed
