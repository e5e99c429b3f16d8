-- Takes permits from a rate limiter's bucket, refilled first by Redis's clock; if too few are
-- there, reserves them (the bucket goes below zero) when they accumulate within the caller's
-- longest wait, behind the reservations already made. A caller that cannot wait takes nothing.
-- KEYS[1]  the rate limiter (see lib/bucket.lua); created full if absent
-- ARGV[1..5]  the settings: permits, period (us), burst, unit, refill (see rate-init.lua)
-- ARGV[6]  the permits to take, 1 to the burst
-- ARGV[7]  the longest wait in microseconds: 0 to take only what is there, -1 for no limit
-- Reply:   the microseconds the caller waits for the permits it took (0: at once), or -1 if it
--          took nothing; an ILLEGALARG error if the permits exceed the burst, ILLEGALSTATE when
--          reservations would take the bucket further below zero than Lua counts exactly, a
--          NOTLIMITER error if the hash is not a rate limiter
--#include lib/bucket.lua
local key = KEYS[1]
local bucket, err = bucketLoad(key, ARGV)
if err then
  return err
end
local permits, longest = tonumber(ARGV[6]), tonumber(ARGV[7])
if permits > bucket.burst then
  return redis.error_reply('ILLEGALARG ' .. permits .. ' permits exceed the burst of ' ..
    bucket.burstText .. ': they can never be taken at once')
end
bucketRefill(bucket, bucketNow())
local after = bucket.level - permits * bucket.unit
local wait = 0
if after < 0 then
  wait = math.ceil(-after / bucket.refill)
  if longest >= 0 and wait > longest then
    return -1
  end
  if after < -BUCKET_DEBT_LIMIT then
    return redis.error_reply('ILLEGALSTATE too many reservations are waiting for permits')
  end
end
bucket.level = after
bucketSave(key, bucket)
return wait
