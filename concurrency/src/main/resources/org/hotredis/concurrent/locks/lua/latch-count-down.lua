-- Counts a latch down by one; at zero, publishes that it opened. Nothing happens at zero, or when a
-- token already counted down in this generation of the latch.
-- KEYS[1]  the latch (see latch-init.lua)
-- KEYS[2]  the tokens that counted down in this generation (a set)
-- ARGV[1]  the latch's channel
-- ARGV[2]  the caller's token, or the empty string for a count-down that is not idempotent
-- Reply:   the remaining count; an ILLEGALSTATE error if the key holds a hash that is not a latch
--#include lib/latch.lua
local latch, tokens = KEYS[1], KEYS[2]
local count, err = latchCount(latch)
if err then
  return err
end
if count == 0 then
  return 0
end
if ARGV[2] ~= '' and redis.call('SADD', tokens, ARGV[2]) == 0 then
  return count
end
count = redis.call('HINCRBY', latch, 'count', -1)
if count == 0 then
  redis.call('DEL', tokens)
  redis.call('PUBLISH', ARGV[1], '2147483647')
end
return count
