-- Library: a token bucket in a hash, refilled by Redis's clock (TIME) in integer units, so no
-- rounding ever grants a permit early. A permit costs `unit` units and the bucket gains `refill`
-- units per microsecond: the rate (permits per period) with both sides divided by their greatest
-- common divisor. The hash's fields: permits, period (microseconds) and burst as they were set;
-- unit and refill; level (units in the bucket, below zero while reservations wait for their
-- permits); stamp (the Redis time in microseconds the level was computed at).
-- The settings every script receives first (ARGV[1..5]) are passed to bucketLoad as a list:
-- permits, period, burst, unit, refill.
-- bucketNow()               Redis's time in microseconds
-- bucketLoad(key, settings) the bucket {permits, period, burstText (as stored), burst, unit, refill,
--                           capacity, level, stamp, new}, or nil and
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

local function bucketLoad(key, settings)
  local fields = redis.call('HMGET', key, 'permits', 'period', 'burst', 'unit', 'refill', 'level',
    'stamp')
  if not fields[1] and redis.call('EXISTS', key) == 0 then
    local unit, burst = tonumber(settings[4]), tonumber(settings[3])
    return {permits = settings[1], period = settings[2], burstText = settings[3], burst = burst,
      unitText = settings[4], unit = unit, refillText = settings[5], refill = tonumber(settings[5]),
      capacity = burst * unit, level = burst * unit, stamp = -1, new = true}
  end
  local names = {'permits', 'period', 'burst', 'unit', 'refill', 'level', 'stamp'}
  local values = {}
  for i, name in ipairs(names) do
    local value = fields[i] and bucketInteger(fields[i])
    if not value or (i ~= 6 and value < (i == 7 and 0 or 1)) then
      return nil, redis.error_reply('NOTLIMITER the hash at this key is not a rate limiter (its field ' ..
        name .. ' is ' .. (fields[i] and ('"' .. fields[i] .. '"') or 'missing') ..
        '); delete() it, or use another key')
    end
    values[name] = value
  end
  local capacity = values.burst * values.unit
  if capacity > BUCKET_DEBT_LIMIT or values.refill > BUCKET_DEBT_LIMIT or values.level > capacity
      or values.level < -BUCKET_DEBT_LIMIT then
    return nil, redis.error_reply('NOTLIMITER the rate limiter\'s fields (burst ' .. fields[3] ..
      ', unit ' .. fields[4] .. ', refill ' .. fields[5] .. ', level ' .. fields[6] ..
      ') are outside its bounds; delete() it to start over')
  end
  return {permits = fields[1], period = fields[2], burstText = fields[3], burst = values.burst,
    unit = values.unit,
    refill = values.refill, capacity = capacity, level = values.level, stamp = values.stamp,
    new = false}
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
