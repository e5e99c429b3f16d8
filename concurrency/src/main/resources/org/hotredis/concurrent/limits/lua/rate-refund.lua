-- Gives back permits a caller reserved but will not use (it was interrupted while waiting), up to
-- the bucket's size. An absent rate limiter is left absent.
-- KEYS[1]  the rate limiter (see lib/bucket.lua)
-- ARGV[1..5]  the settings: permits, period (us), burst, unit, refill (see rate-init.lua)
-- ARGV[6]  the permits to give back
-- Reply:   1 if given back, 0 if the rate limiter is absent; a NOTLIMITER error if the hash is not
--          a rate limiter
--#include lib/bucket.lua
local key = KEYS[1]
local bucket, err = bucketLoad(key, ARGV)
if err then
  return err
end
if bucket.new then
  return 0
end
bucketRefill(bucket, bucketNow())
bucket.level = math.min(bucket.capacity, bucket.level + tonumber(ARGV[6]) * bucket.unit)
bucketSave(key, bucket)
return 1
