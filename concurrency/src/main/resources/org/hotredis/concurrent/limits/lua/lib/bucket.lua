-- Library: a token bucket in a hash, refilled by Redis's clock (TIME) in integer units, so no
-- rounding ever grants a permit early. A permit costs `unit` units and the bucket gains `refill`
-- units per microsecond: the rate (permits per period) with both sides divided by their greatest
-- common divisor. The hash's fields: permits, period (microseconds) and burst as they were set;
-- unit and refill; level (units in the bucket, below zero while reservations wait for their
-- permits); stamp (the Redis time in microseconds the level was computed at).
-- The settings every script receives first (ARGV[1..5]) are passed to bucketLoad as a list:
-- permits, period, burst, unit, refill.
-- bucketNow()               Redis's time in microseconds
-- bucketLoad(key, settings) the bucket {burstText (as stored), burst, unit, refill, capacity, level,
--                           stamp, new; and for a new one permits, period}, or nil and
--                           an error reply when the hash is not a rate limiter; an absent key is a
--                           new, full bucket of the settings (written by bucketSave)
-- bucketRefill(bucket, now) adds the units Redis's clock earned since the stamp, up to the capacity
-- bucketSave(key, bucket)   writes the level and the stamp (and the settings, for a new bucket)
-- bucketPermits(bucket)     the whole permits in the bucket, negative while reservations wait
-- BUCKET_DEBT_LIMIT         how far below zero reservations may take the level (Lua numbers are
--                           exact integers up to 2^53)
local BUCKET_DEBT_LIMIT = 2 ^ 52

local function bucketNow()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

local function bucketInteger(text)
  local number = tonumber(text)
  if not number or number % 1 ~= 0 or number ~= number or math.abs(number) > 2 ^ 53 then
    return nil
  end
  return number
end

local function bucketForeign(fields)
  local names = {'burst', 'unit', 'refill', 'level', 'stamp'}
  for i, name in ipairs(names) do
    local value = fields[i] and bucketInteger(fields[i])
    if not value or (i ~= 4 and value < (i == 5 and 0 or 1)) then
      return redis.error_reply('NOTLIMITER the hash at this key is not a rate limiter (its field ' ..
        name .. ' is ' .. (fields[i] and ('"' .. fields[i] .. '"') or 'missing') ..
        '); delete() it, or use another key')
    end
  end
  return redis.error_reply('NOTLIMITER the rate limiter\'s fields (burst ' .. fields[1] ..
    ', unit ' .. fields[2] .. ', refill ' .. fields[3] .. ', level ' .. fields[4] ..
    ') are outside its bounds; delete() it to start over')
end

local function bucketLoad(key, settings)
  local f = redis.call('HMGET', key, 'burst', 'unit', 'refill', 'level', 'stamp')
  if not f[1] and redis.call('EXISTS', key) == 0 then
    local unit, burst = tonumber(settings[4]), tonumber(settings[3])
    return {permits = settings[1], period = settings[2], burstText = settings[3], burst = burst,
      unitText = settings[4], unit = unit, refillText = settings[5], refill = tonumber(settings[5]),
      capacity = burst * unit, level = burst * unit, stamp = -1, new = true}
  end
  -- The hot path reads only what refilling and taking need; rate-init.lua checks the rest.
  local burst, unit, refill = bucketInteger(f[1]), bucketInteger(f[2]), bucketInteger(f[3])
  local level, stamp = bucketInteger(f[4]), bucketInteger(f[5])
  if not (burst and unit and refill and level and stamp) or burst < 1 or unit < 1 or refill < 1
      or stamp < 0 then
    return nil, bucketForeign(f)
  end
  local capacity = burst * unit
  if capacity > BUCKET_DEBT_LIMIT or refill > BUCKET_DEBT_LIMIT or level > capacity
      or level < -BUCKET_DEBT_LIMIT then
    return nil, bucketForeign(f)
  end
  return {burstText = f[1], burst = burst, unit = unit, refill = refill, capacity = capacity,
    level = level, stamp = stamp, new = false}
end

local function bucketRefill(bucket, now)
  if bucket.stamp < 0 then
    bucket.stamp = now
    return
  end
  if now <= bucket.stamp then
    return -- Redis's clock went back (a failover): nothing is earned until it passes the stamp
  end
  local room = bucket.capacity - bucket.level
  if room > 0 then
    local elapsed = now - bucket.stamp
    if elapsed >= math.ceil(room / bucket.refill) then
      bucket.level = bucket.capacity
    else
      bucket.level = bucket.level + elapsed * bucket.refill
    end
  end
  bucket.stamp = now
end

local function bucketSave(key, bucket)
  local level, stamp = string.format('%.0f', bucket.level), string.format('%.0f', bucket.stamp)
  if bucket.new then
    redis.call('HSET', key, 'permits', bucket.permits, 'period', bucket.period, 'burst',
      bucket.burstText, 'unit', bucket.unitText, 'refill', bucket.refillText, 'level', level,
      'stamp', stamp)
  else
    redis.call('HSET', key, 'level', level, 'stamp', stamp)
  end
end

local function bucketPermits(bucket)
  return math.floor(bucket.level / bucket.unit)
end
