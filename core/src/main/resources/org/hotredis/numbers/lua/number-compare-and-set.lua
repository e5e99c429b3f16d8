-- Replaces a stored number if the key still holds exactly the text read before: the write step of
-- the read-compute-write loops of HotInt and HotFloat, which do their arithmetic in Java (Lua
-- numbers are doubles). The text is compared byte for byte, never as a number. The time to live
-- is kept, as INCRBY keeps it.
-- KEYS[1]  the number (a string)
-- ARGV[1]  '1' if the key was absent when read, '0' if it held ARGV[2]
-- ARGV[2]  the text read ('' when ARGV[1] is '1')
-- ARGV[3]  the new text
-- ARGV[4]  '1' to answer a mismatch with error CONCURRENT (a write queued in an optimistic
--          transaction, which cannot retry), '0' to answer it with the current text
-- Reply:   1 if the text was replaced; otherwise the text the key holds now, or nil if it is
--          absent
local current = redis.call('GET', KEYS[1])
local unchanged
if ARGV[1] == '1' then
  unchanged = current == false
else
  unchanged = current == ARGV[2]
end
if not unchanged then
  if ARGV[4] == '1' then
    return redis.error_reply('CONCURRENT the value changed after the optimistic transaction read'
      .. ' it; pass the object to optimistic(...) so that a change runs the body again')
  end
  return current
end
redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
return 1
