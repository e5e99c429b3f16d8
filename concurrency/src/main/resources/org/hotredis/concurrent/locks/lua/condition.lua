-- Every step of a lock's Condition, in one script so that all share the upkeep that must run first:
-- waiters whose lease ran out are dropped (their process died), and a signal that its waiter did not
-- acknowledge in time is passed on to the oldest live waiter, so a crashed waiter never absorbs a
-- signal. A signal moves its waiter from the queue to the signalled set, with an acknowledgement
-- deadline; the waiter acknowledges by leaving.
-- KEYS[1]  the lock hash
-- KEYS[2]  the condition's waiters in arrival order (member: waiter id, score: arrival in microseconds)
-- KEYS[3]  the waiters' leases (member: waiter id, score: lease deadline in ms, Redis time)
-- KEYS[4]  the signalled waiters (member: waiter id, score: acknowledgement deadline in ms, Redis time)
-- ARGV[1]  the operation: await, signal, renew, leave, pass-on or waiters
-- ARGV[2]  the condition's signal channel
-- ARGV[3]  the acknowledgement time of a signal, in milliseconds
-- ARGV[4..]  the operation's arguments:
--   await    ARGV[4] the owner token; ARGV[5] the waiter id; ARGV[6] the waiter's lease in ms;
--            ARGV[7] the lock's release channel
--   signal   ARGV[4] the owner token; ARGV[5] 1 to signal one waiter, 0 to signal all
--   renew    ARGV[4] the waiter id; ARGV[5] the waiter's lease in ms
--   leave    ARGV[4] the waiter id
--   pass-on  no arguments
--   waiters  ARGV[4] the owner token
-- Reply:
--   await    the hold count given up (the lock is released and the waiter queued), or 0 if the owner
--            does not hold the lock
--   signal   the number of waiters signalled, or -1 if the owner does not hold the lock
--   renew    1 if the waiter still waits, 0 if it was signalled (or its lease ran out)
--   leave    1 if the waiter still waited, 0 if a signal had chosen it (now acknowledged)
--   pass-on  the number of signals passed on
--   waiters  the number of live waiters, or -1 if the owner does not hold the lock
local op = ARGV[1]
local time = redis.call('TIME')
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])
local now = math.floor(micros / 1000)
local ack = tonumber(ARGV[3])

local function extend(key, millis)
  if redis.call('PTTL', key) < millis then
    redis.call('PEXPIRE', key, millis)
  end
end

local function dropExpired()
  while true do
    local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. now, 'LIMIT', 0, 1000)
    if #expired == 0 then
      return
    end
    for _, id in ipairs(expired) do
      redis.call('ZREM', KEYS[2], id)
      redis.call('ZREM', KEYS[3], id)
    end
  end
end

-- Signals the oldest live waiter, expecting an acknowledgement; returns 1, or 0 if none waits.
local function signalOldest()
  local ids = redis.call('ZRANGE', KEYS[2], 0, 0)
  if #ids == 0 then
    return 0
  end
  local id = ids[1]
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZADD', KEYS[4], now + ack, id)
  extend(KEYS[4], ack * 4)
  redis.call('PUBLISH', ARGV[2], id)
  return 1
end

local function passOn()
  local passed = 0
  while true do
    local overdue = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. now, 'LIMIT', 0, 1000)
    if #overdue == 0 then
      return passed
    end
    for _, id in ipairs(overdue) do
      redis.call('ZREM', KEYS[4], id)
      passed = passed + signalOldest()
    end
  end
end

local function holds(owner)
  return redis.call('HGET', KEYS[1], 'owner') == owner
end

if op == 'await' then
  local count = redis.call('HGET', KEYS[1], 'count')
  if not holds(ARGV[4]) then
    return 0
  end
  local lease = tonumber(ARGV[6])
  redis.call('ZADD', KEYS[2], micros, ARGV[5])
  redis.call('ZADD', KEYS[3], now + lease, ARGV[5])
  extend(KEYS[2], lease)
  extend(KEYS[3], lease)
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[7], '1')
  return tonumber(count)
end

if op == 'leave' then
  redis.call('ZREM', KEYS[3], ARGV[4])
  if redis.call('ZREM', KEYS[2], ARGV[4]) == 1 then
    return 1
  end
  redis.call('ZREM', KEYS[4], ARGV[4])
  return 0
end

if op == 'waiters' then
  if not holds(ARGV[4]) then
    return -1
  end
  return redis.call('ZCOUNT', KEYS[3], now, '+inf')
end

if op == 'signal' and not holds(ARGV[4]) then
  return -1
end
dropExpired()
local passed = passOn()

if op == 'signal' then
  if ARGV[5] == '1' then
    return signalOldest()
  end
  local signalled = 0
  while true do
    local ids = redis.call('ZRANGE', KEYS[2], 0, 999)
    if #ids == 0 then
      return signalled
    end
    for _, id in ipairs(ids) do
      redis.call('ZREM', KEYS[2], id)
      redis.call('ZREM', KEYS[3], id)
      redis.call('PUBLISH', ARGV[2], id)
      signalled = signalled + 1
    end
  end
end

if op == 'renew' then
  if not redis.call('ZSCORE', KEYS[2], ARGV[4]) then
    redis.call('ZREM', KEYS[4], ARGV[4])
    return 0
  end
  local lease = tonumber(ARGV[5])
  redis.call('ZADD', KEYS[3], now + lease, ARGV[4])
  extend(KEYS[2], lease)
  extend(KEYS[3], lease)
  return 1
end

return passed
