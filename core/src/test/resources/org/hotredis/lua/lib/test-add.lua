-- Test library: add(key, amount) adds to an integer counter and returns the new value.
local function add(key, amount)
  return redis.call('INCRBY', key, amount)
end
