-- Replaces a string key's value if the key still holds exactly the bytes read before (or is still
-- absent): the write step of the read-compute-write loops of HotInt, HotFloat and
-- HotAtomicReference, which compute in Java. The bytes are compared as they are, never parsed. The
-- time to live is kept, as INCRBY keeps it.
-- KEYS[1]  the value (a string)
-- ARGV[1]  '1' if the key was absent when read, '0' if it held ARGV[2]
-- ARGV[2]  the bytes read ('' when ARGV[1] is '1')
-- ARGV[3]  the new bytes
-- ARGV[4]  '1' to answer a mismatch with error CONCURRENT (a write queued in an optimistic
--          transaction, which cannot retry), '0' to answer it with the current bytes
-- ARGV[5]  '1' to delete the key instead of writing ARGV[3], else '0' (optional: '0')
-- Reply:   1 if the value was replaced; otherwise the bytes the key holds now, or nil if it is
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
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
end
return 1
