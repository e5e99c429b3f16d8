-- Reads a read-write lock's state for one owner, counting only readers whose lease has not run out.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash (total, c:<owner>, t:<owner>)
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers
-- KEYS[5]  the counter of acquisition tokens
-- ARGV[1]  the owner token
-- Reply:   {write holds (0: not write-locked), 1 if this owner holds the write lock else 0,
--           read holds of all live readers, this owner's read holds};
--          a NOTRWLOCK error when the keys hold foreign data
--#include lib/rwlock.lua
local writer, err = rwWriter(KEYS[1])
if err then
  return err
end
local total, err2 = rwReaders(KEYS[2])
if err2 then
  return err2
end
local now = rwNow()
if total > 0 then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. now)
  for _, owner in ipairs(expired) do
    total = total - (tonumber(redis.call('HGET', KEYS[2], 'c:' .. owner) or '0') or 0)
  end
end
local mine = 0
local deadline = redis.call('ZSCORE', KEYS[3], ARGV[1])
if (deadline and tonumber(deadline) >= now)
    or (not deadline and redis.call('EXISTS', KEYS[3]) == 0) then
  -- A live lease, or the only reader, whose lease is the readers hash's TTL.
  mine = tonumber(redis.call('HGET', KEYS[2], 'c:' .. ARGV[1]) or '0') or 0
end
local writes = 0
local mineWrites = 0
if writer then
  writes = tonumber(writer[2])
  if writer[1] == ARGV[1] then
    mineWrites = 1
  end
end
return {writes, mineWrites, math.max(total, 0), mine}
