-- Sets the count of an open latch (count 0, or absent), starting a new generation: the tokens of
-- the last one are forgotten, and waiters of the last one are released.
-- KEYS[1]  the latch (see latch-init.lua)
-- KEYS[2]  the tokens that counted down in the last generation
-- ARGV[1]  the new count, at least 1
-- Reply:   1 if set; 0 if the latch is still counting down, and nothing changed; an ILLEGALSTATE
--          error if the key holds a hash that is not a latch
--#include lib/latch.lua
local latch, tokens = KEYS[1], KEYS[2]
local count, err = latchCount(latch)
if err then
  return err
end
if count > 0 then
  return 0
end
redis.call('DEL', tokens)
redis.call('HSET', latch, 'count', ARGV[1], 'initial', ARGV[1])
redis.call('HINCRBY', latch, 'generation', 1)
return 1
