-- Creates a count-down latch if absent, or checks the count it was last set to.
-- KEYS[1]  the latch: a hash with fields count (what remains), initial (the count it was last set
--          to) and generation (1, then one more at each trySetCount)
-- ARGV[1]  the count, at least 0
-- Reply:   the remaining count; an ILLEGALSTATE error if the latch was set to another count, or if
--          the key holds a hash that is not a latch
--#include lib/latch.lua
local latch = KEYS[1]
local count, err = latchCount(latch)
if err then
  return err
end
local initial = redis.call('HGET', latch, 'initial')
if not initial then
  redis.call('HSET', latch, 'count', ARGV[1], 'initial', ARGV[1], 'generation', 1)
  return tonumber(ARGV[1])
end
if initial ~= ARGV[1] then
  return redis.error_reply('ILLEGALSTATE the latch exists with count ' .. initial .. ', not ' ..
    ARGV[1] .. '; delete() it, or trySetCount once it is open')
end
return count
