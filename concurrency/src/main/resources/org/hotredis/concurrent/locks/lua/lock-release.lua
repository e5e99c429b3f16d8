-- Releases one hold of a lock; the last hold deletes it and announces that it is free. Given the
-- acquisition's fencing token and the holds the owner had before, it is idempotent, for sending
-- again a release whose reply was lost: a release already applied is reported as applied.
-- KEYS[1]  the lock hash
-- ARGV[1]  the owner token
-- ARGV[2]  the lock's release channel
-- ARGV[3]  optional: the fencing token of the owner's acquisition
-- ARGV[4]  optional, with ARGV[3]: the holds the owner had before this release
-- Reply:   {0, 0} if the owner (with that token) does not hold the lock; {1, holds left} after a
--          partial release (or one already applied); {2, fencing token} when the lock is now free;
--          {-2, holds} if the owner holds neither the holds given nor one fewer
local held = redis.call('HMGET', KEYS[1], 'owner', 'token', 'count')
if held[1] ~= ARGV[1] or (ARGV[3] and held[2] ~= ARGV[3]) then
  return {0, 0}
end
if ARGV[4] then
  local count = tonumber(held[3])
  local before = tonumber(ARGV[4])
  if count == before - 1 then
    return {1, count}
  end
  if count ~= before then
    return {-2, count}
  end
end
if held[3] ~= '1' then
  local count = redis.call('HINCRBY', KEYS[1], 'count', -1)
  if count > 0 then
    return {1, count}
  end
end
-- The last hold: the lock goes at once.
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], '1')
return {2, tonumber(held[2])}
