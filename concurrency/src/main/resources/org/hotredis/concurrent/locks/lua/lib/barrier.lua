-- Library: a cyclic barrier's state and the two ways a generation ends (a trip, a break). Every
-- step calls loadBarrier, then reap, then acts; the keys are passed in a table k with fields
-- barrier (the hash), leases (the waiting parties' lease deadlines), broken (the generations that
-- ended broken) and passed (the parties of the last generation that tripped).
-- The hash holds: parties; generation (the Redis time in milliseconds when the barrier was
-- created, then one more at each trip or reset, so that a barrier created again at the key never
-- takes up the generations of the last one); created (that first generation); arrived (the
-- parties waiting in this generation); broken (1 while broken, else 0); tripping (the party running
-- the barrier action, while it runs); breaker (the party that broke this generation, if one did);
-- and a:<party> (each waiting party's arrival index). The leases are a sorted set (member: party,
-- score: lease deadline in ms, Redis time); broken a sorted set of generation numbers (the latest
-- 100); passed a hash (party: arrival index).
-- nowMillis()                    Redis time in milliseconds
-- loadBarrier(k, parties, make)  the state as a table, nil if absent (and make is false), or nil and
--                                an error reply: ILLEGALSTATE for other parties, ERR for foreign data
-- reap(k, b, now, channel)       breaks the generation if a waiting party's lease ran out; true if so
-- earliest(k, now)               ms until the earliest lease runs out, -1 if no party waits
-- breakGeneration(k, b, channel, by)  breaks the generation; by is the party that broke it, or ''
-- tripGeneration(k, b, channel)  ends the generation as tripped: the waiting parties pass
-- outcomeOf(k, b, g)             for a party no longer waiting in generation g: 4 if g tripped, else 0
local function nowMillis()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function foreign(what)
  return redis.error_reply('ERR ' .. what .. '; delete() the barrier (or use another key) to start over')
end

local function integerField(value, low, high, name)
  local number = tonumber(value)
  if not number or number % 1 ~= 0 or number < low or (high and number > high) then
    return nil, foreign('the cyclic barrier field ' .. name .. ' holds "' .. tostring(value) ..
      '" where an integer was expected')
  end
  return number
end

local function loadBarrier(k, parties, make)
  local f = redis.call('HMGET', k.barrier, 'parties', 'generation', 'created', 'arrived', 'broken',
    'tripping', 'breaker')
  if not f[1] then
    if redis.call('EXISTS', k.barrier) == 1 then
      return nil, foreign('the hash at this key is not a cyclic barrier')
    end
    if not make then
      return nil
    end
    local first = tostring(nowMillis())
    redis.call('DEL', k.leases, k.broken, k.passed)
    redis.call('HSET', k.barrier, 'parties', parties, 'generation', first, 'created', first,
      'arrived', 0, 'broken', 0)
    f = {parties, first, first, '0', '0', false, false}
  end
  if f[1] ~= parties then
    local stored = tonumber(f[1])
    if not stored or stored < 1 or stored % 1 ~= 0 then
      return nil, foreign('the cyclic barrier field parties holds "' .. f[1] .. '"')
    end
    return nil, redis.error_reply('ILLEGALSTATE the cyclic barrier exists with ' .. f[1] ..
      ' parties, not ' .. parties .. '; delete() it to change them')
  end
  local b = {parties = tonumber(parties), tripping = f[6], breaker = f[7]}
  local err
  b.generation, err = integerField(f[2], 0, nil, 'generation')
  if err then return nil, err end
  b.created, err = integerField(f[3], 0, b.generation, 'created')
  if err then return nil, err end
  b.arrived, err = integerField(f[4], 0, b.parties, 'arrived')
  if err then return nil, err end
  local broken
  broken, err = integerField(f[5], 0, 1, 'broken')
  if err then return nil, err end
  b.broken = broken == 1
  return b
end

-- Applies fn to every waiting party, in slices of 1,000.
local function eachWaiting(k, fn)
  local count = redis.call('ZCARD', k.leases)
  for start = 0, count - 1, 1000 do
    local ids = redis.call('ZRANGE', k.leases, start, start + 999)
    for _, id in ipairs(ids) do
      fn(id)
    end
  end
end

local function endGeneration(k, b, channel)
  redis.call('DEL', k.leases)
  redis.call('HSET', k.barrier, 'arrived', 0)
  redis.call('HDEL', k.barrier, 'tripping')
  b.arrived = 0
  b.tripping = false
  redis.call('PUBLISH', channel, '2147483647')
end

local function breakGeneration(k, b, channel, by)
  eachWaiting(k, function(id) redis.call('HDEL', k.barrier, 'a:' .. id) end)
  redis.call('ZADD', k.broken, b.generation, b.generation)
  redis.call('ZREMRANGEBYRANK', k.broken, 0, -101)
  redis.call('HSET', k.barrier, 'broken', 1, 'breaker', by)
  b.broken = true
  b.breaker = by
  endGeneration(k, b, channel)
end

local function tripGeneration(k, b, channel)
  redis.call('DEL', k.passed)
  eachWaiting(k, function(id)
    local field = 'a:' .. id
    redis.call('HSET', k.passed, id, redis.call('HGET', k.barrier, field))
    redis.call('HDEL', k.barrier, field)
  end)
  redis.call('HINCRBY', k.barrier, 'generation', 1)
  redis.call('HDEL', k.barrier, 'breaker')
  b.generation = b.generation + 1
  endGeneration(k, b, channel)
end

local function reap(k, b, now, channel)
  if #redis.call('ZRANGEBYSCORE', k.leases, '-inf', '(' .. now, 'LIMIT', 0, 1) == 0 then
    return false
  end
  breakGeneration(k, b, channel, '')
  return true
end

local function earliest(k, now)
  local first = redis.call('ZRANGE', k.leases, 0, 0, 'WITHSCORES')
  if #first == 0 then
    return -1
  end
  return math.max(0, tonumber(first[2]) - now)
end

local function outcomeOf(k, b, g)
  if g >= b.created and g < b.generation and not redis.call('ZSCORE', k.broken, g) then
    return 4
  end
  return 0
end
