-- Deletes a latch and its tokens, and releases its waiters, as if it had opened.
-- KEYS[1]  the latch
-- KEYS[2]  its tokens
-- ARGV[1]  the latch's channel
-- Reply:   the number of keys deleted
local deleted = redis.call('DEL', KEYS[1], KEYS[2])
if deleted > 0 then
  redis.call('PUBLISH', ARGV[1], '2147483647')
end
return deleted
