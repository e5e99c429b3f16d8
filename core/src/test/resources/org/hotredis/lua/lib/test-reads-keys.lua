-- Test library: value() reads the counter it finds in KEYS, which a library must not do.
local function value()
  return redis.call('GET', KEYS[1])
end
