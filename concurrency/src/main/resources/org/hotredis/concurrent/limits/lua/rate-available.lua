-- Counts the permits a rate limiter's bucket holds now, by Redis's clock, without writing.
-- KEYS[1]  the rate limiter (see lib/bucket.lua); absent reads as full
-- ARGV[1..5]  the settings: permits, period (us), burst, unit, refill (see rate-init.lua)
-- Reply:   the whole permits in the bucket, negative while reservations wait for theirs; a
--          NOTLIMITER error if the hash is not a rate limiter
--#include lib/bucket.lua
local bucket, err = bucketLoad(KEYS[1], ARGV)
if err then
  return err
end
bucketRefill(bucket, bucketNow())
return bucketPermits(bucket)
