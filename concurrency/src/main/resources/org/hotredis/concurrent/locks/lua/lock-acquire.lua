-- Takes a lock for an owner, or re-enters it, or reports who holds it.
-- KEYS[1]  the lock: a hash with fields owner, count (holds) and token (fencing token); its TTL is the lease
-- KEYS[2]  the fencing counter, which outlives the lock
-- ARGV[1]  the owner token
-- ARGV[2]  the lease in milliseconds
-- ARGV[3]  1 if the lock is reentrant, else 0
-- ARGV[4]  the holds to take (1, or the holds a Condition waiter gave up)
-- Reply:   {1, fencing token} when newly acquired; {2, hold count} when re-entered;
--          {0, remaining lease in ms (-1: no lease)} when another owner holds it;
--          {-1, 0} when this owner holds a non-reentrant lock
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner then
  local token = redis.call('INCR', KEYS[2])
  redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'count', ARGV[4], 'token', token)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, token}
end
if owner == ARGV[1] then
  if ARGV[3] ~= '1' then
    return {-1, 0}
  end
  local count = redis.call('HINCRBY', KEYS[1], 'count', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {2, count}
end
return {0, redis.call('PTTL', KEYS[1])}
