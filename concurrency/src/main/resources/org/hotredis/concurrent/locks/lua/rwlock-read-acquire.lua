-- Takes a read hold of a read-write lock for an owner, or re-enters it, or reports what blocks it.
-- A new reader waits while another owner holds the write lock or, unless it barges, while a writer
-- waits; an owner that already reads, or that holds the write lock (a downgrade), never waits for
-- waiting writers.
-- KEYS[1]  the write lock: a hash with fields owner, count and token; its TTL is the writer's lease
-- KEYS[2]  the readers: a hash with fields total (all read holds), c:<owner> (holds), t:<owner> (token)
-- KEYS[3]  the readers' leases (member: owner, score: deadline in ms, Redis time); absent while only
--          the reader that found the lock free reads, whose lease is then KEYS[2]'s TTL
-- KEYS[4]  the waiting writers (member: waiter id, score: deadline in ms, Redis time)
-- KEYS[5]  the counter of acquisition tokens, which outlives the lock
-- ARGV[1]  the owner token
-- ARGV[2]  the lease in milliseconds
-- ARGV[3]  1 (read holds are reentrant)
-- ARGV[4]  the holds to take
-- ARGV[5]  the lock's release channel
-- ARGV[6]  1 to barge past waiting writers (an untimed tryLock), else 0
-- Reply:   {1, token} when the owner became a reader; {2, hold count} when it re-entered;
--          {0, writer's remaining lease in ms} when another owner holds the write lock;
--          {3, ms until the earliest waiting writer's record runs out} when a writer waits;
--          a NOTRWLOCK error when the keys hold foreign data
--#include lib/rwlock.lua
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) == 0 then
  -- Nobody writes, reads or waits to write: the first reader, with nothing to check or reclaim. Its
  -- lease is the readers hash's TTL; its deadline goes to KEYS[3] when another reader comes.
  local token = redis.call('INCR', KEYS[5])
  redis.call('HSET', KEYS[2], 'c:' .. ARGV[1], ARGV[4], 't:' .. ARGV[1], token, 'total', ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return {1, token}
end
local now = rwNow()
local writer, err = rwWriter(KEYS[1])
if err then
  return err
end
local total, err2 = rwReaders(KEYS[2])
if err2 then
  return err2
end
local me = ARGV[1]
if writer and writer[1] ~= me then
  return {0, redis.call('PTTL', KEYS[1])}
end
total = rwReclaim(KEYS[2], KEYS[3], now, total, ARGV[5])
local lease = tonumber(ARGV[2])
local holds = tonumber(ARGV[4])
local field = 'c:' .. me
if redis.call('HEXISTS', KEYS[2], field) == 1 then
  local count = redis.call('HINCRBY', KEYS[2], field, holds)
  redis.call('HINCRBY', KEYS[2], 'total', holds)
  rwLease(KEYS[2], KEYS[3], me, now, lease)
  return {2, count}
end
if not writer and ARGV[6] ~= '1' then
  local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  if #first > 0 and tonumber(first[2]) < now then
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. now)
    first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  end
  if #first > 0 then
    return {3, math.max(tonumber(first[2]) - now, 0)}
  end
end
local token = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], field, holds, 't:' .. me, token)
redis.call('HINCRBY', KEYS[2], 'total', holds)
rwLease(KEYS[2], KEYS[3], me, now, lease, total == 0)
return {1, token}
