-- Releases one read hold of a read-write lock; the owner's last hold ends its lease, and the last
-- reader's announces that the lock is free of readers. Given the acquisition's token and the holds
-- the owner had before, it is idempotent, for sending again a release whose reply was lost.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash (total, c:<owner>, t:<owner>)
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers
-- KEYS[5]  the counter of acquisition tokens
-- ARGV[1]  the owner token
-- ARGV[2]  the lock's release channel
-- ARGV[3]  optional: the token of the owner's read acquisition
-- ARGV[4]  optional, with ARGV[3]: the holds the owner had before this release
-- Reply:   {0, 0} if the owner (with that token) does not read; {1, holds left} after a partial
--          release (or one already applied); {2, token} when the owner read for the last time;
--          {-2, holds} if the owner holds neither the holds given nor one fewer
--#include lib/rwlock.lua
local me = ARGV[1]
local held = redis.call('HMGET', KEYS[2], 'c:' .. me, 't:' .. me, 'total')
local count = tonumber(held[1])
if not count or (ARGV[3] and held[2] ~= ARGV[3]) then
  return {0, 0}
end
if ARGV[4] then
  local before = tonumber(ARGV[4])
  if count == before - 1 then
    return {1, count}
  end
  if count ~= before then
    return {-2, count}
  end
end
if count > 1 then
  redis.call('HINCRBY', KEYS[2], 'total', -1)
  return {1, redis.call('HINCRBY', KEYS[2], 'c:' .. me, -1)}
end
rwRemoveReader(KEYS[2], KEYS[3], me, 1, ARGV[2], tonumber(held[3]))
return {2, tonumber(held[2])}
