-- Takes the write lock of a read-write lock for an owner, or re-enters it, or reports what blocks it;
-- a waiting writer is recorded, with a lease, so that new readers let it go first.
-- KEYS[1]  the write lock: a hash with fields owner, count and token; its TTL is the writer's lease
-- KEYS[2]  the readers: a hash with fields total (all read holds), c:<owner> (holds), t:<owner> (token)
-- KEYS[3]  the readers' leases (member: owner, score: deadline in ms, Redis time)
-- KEYS[4]  the waiting writers (member: waiter id, score: deadline in ms, Redis time)
-- KEYS[5]  the fencing counter, which outlives the lock
-- ARGV[1]  the owner token
-- ARGV[2]  the lease in milliseconds
-- ARGV[3]  1 (the write lock is reentrant)
-- ARGV[4]  the holds to take (1, or the holds a Condition waiter gave up)
-- ARGV[5]  the lock's release channel
-- ARGV[6]  the id of a waiting writer, recorded if the attempt fails and forgotten otherwise; or empty
-- ARGV[7]  the waiting writer's lease in milliseconds
-- Reply:   {1, fencing token} when newly acquired; {2, hold count} when re-entered;
--          {0, ms until what blocks it could run out (-1: no lease)} when another owner holds the
--          write lock or readers hold the read lock; {-3, 0} when this owner holds only read holds
--          (an upgrade, refused); a NOTRWLOCK error when the keys hold foreign data
--#include lib/rwlock.lua
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
local waiter = ARGV[6]

local function wait(hint)
  if waiter ~= '' then
    local lease = tonumber(ARGV[7])
    redis.call('ZADD', KEYS[4], now + lease, waiter)
    if redis.call('PTTL', KEYS[4]) < lease then
      redis.call('PEXPIRE', KEYS[4], lease)
    end
  end
  return {0, hint}
end

local function forget()
  if waiter ~= '' then
    redis.call('ZREM', KEYS[4], waiter)
  end
end

if writer then
  if writer[1] == me then
    local count = redis.call('HINCRBY', KEYS[1], 'count', ARGV[4])
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    forget()
    return {2, count}
  end
  return wait(redis.call('PTTL', KEYS[1]))
end
total = rwReclaim(KEYS[2], KEYS[3], now, total, ARGV[5])
if total > 0 then
  if redis.call('HEXISTS', KEYS[2], 'c:' .. me) == 1 then
    forget()
    return {-3, 0}
  end
  local earliest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  local hint = -1
  if #earliest > 0 then
    hint = math.max(tonumber(earliest[2]) - now, 0)
  end
  return wait(hint)
end
local token = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[1], 'owner', me, 'count', ARGV[4], 'token', token)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
forget()
return {1, token}
