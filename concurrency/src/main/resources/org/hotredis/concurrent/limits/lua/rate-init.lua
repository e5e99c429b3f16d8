-- Creates a rate limiter if absent, full, or checks the settings it was created with.
-- KEYS[1]  the rate limiter: a hash (see lib/bucket.lua)
-- ARGV[1]  the permits per period
-- ARGV[2]  the period in microseconds
-- ARGV[3]  the burst: the bucket's size in permits
-- ARGV[4]  the units a permit costs
-- ARGV[5]  the units the bucket gains per microsecond
-- Reply:   1 if created, 0 if it existed with these settings; an ILLEGALSTATE error if it exists
--          with other settings, a NOTLIMITER error if the hash is not a rate limiter
--#include lib/bucket.lua
local key = KEYS[1]
local bucket, err = bucketLoad(key, ARGV)
if err then
  return err
end
if bucket.new then
  bucketRefill(bucket, bucketNow())
  bucketSave(key, bucket)
  return 1
end
local rate = redis.call('HMGET', key, 'permits', 'period')
local permits, period = rate[1], rate[2]
if not (permits and bucketInteger(permits) and period and bucketInteger(period)) then
  return redis.error_reply('NOTLIMITER the hash at this key is not a rate limiter (its permits ' ..
    tostring(permits) .. ', period ' .. tostring(period) .. '); delete() it, or use another key')
end
if permits ~= ARGV[1] or period ~= ARGV[2] or bucket.burstText ~= ARGV[3] then
  return redis.error_reply('ILLEGALSTATE the rate limiter exists with ' .. permits ..
    ' permits per ' .. period .. ' us and a burst of ' .. bucket.burstText .. ', not ' ..
    ARGV[1] .. ' per ' .. ARGV[2] .. ' us and ' .. ARGV[3] .. '; delete() it to change them')
end
return 0
