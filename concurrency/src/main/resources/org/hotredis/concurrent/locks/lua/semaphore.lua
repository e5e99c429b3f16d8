-- Every step of a leased semaphore, in one script so that all share the reclaiming of expired
-- holders that must run first: acquire, release, renew a lease, give up a holder's permits, count
-- (and reduce) permits, or count and forget waiters. Expired holders are looked for only once the
-- earliest lease may have run out (field due), or when permits are counted, so a step that finds
-- none due reads one hash.
-- KEYS[1]  the semaphore: a hash with fields capacity, available, h:<holder> (permits held) and due
--          (no holder's lease runs out before it: ms, Redis time; empty when nobody holds; absent:
--          unknown, so the next step looks)
-- KEYS[2]  the holders' lease deadlines (member: holder, score: deadline in ms, Redis time)
-- KEYS[3]  the waiters of every process (member: waiter id, score: lease deadline in ms, Redis time)
-- ARGV[1]  the capacity: the initial permits (creates the semaphore if absent; must match if present)
-- ARGV[2]  the semaphore's release channel
-- ARGV[3]  the holder token
-- ARGV[4]  the operation: acquire, release, renew, give-up, permits, waiting or unwait
-- ARGV[5..]  the operation's arguments:
--   acquire  ARGV[5] the permits to acquire, or -1 for all available permits (drain; negative
--            available permits are set to zero, as Semaphore.drainPermits does); ARGV[6] the lease
--            in milliseconds; ARGV[7] optional: the id of a waiter, recorded in KEYS[3] if the
--            attempt fails and forgotten if it succeeds; ARGV[8] with ARGV[7]: its lease in ms
--   release  ARGV[5] the permits to release; ARGV[6] 1 for a bounded semaphore (a holder may release
--            only what it holds), else 0; ARGV[7] 1 if the caller believes the holder holds permits
--            (its process keeps a lease), else 0; ARGV[8] optional: the permits the holder held
--            before, to send again a release whose reply was lost (a release already applied is
--            reported as applied, not applied twice); the release is announced on ARGV[2] only while
--            a waiter is recorded in KEYS[3] (every waiting thread records itself before it sleeps)
--   renew    ARGV[5] the lease in milliseconds
--   give-up  no arguments: takes back every permit the holder holds (after a release whose outcome
--            is unknown)
--   permits  ARGV[5] the reduction: permits to remove from the available ones (0 to only read)
--   waiting  no arguments
--   unwait   ARGV[5] the id of a waiter that stops waiting
-- Reply:
--   acquire  {acquired (1 or 0), permits taken (negative when a drain zeroed negative permits),
--            permits available after, 1 if the holder is new else 0,
--            ms until the earliest holder lease runs out (-1: none),
--            permits the holder holds after (-1: unchanged)}
--   release  {1, permits the holder still holds} when released; {0, permits the holder holds} when
--            a bounded semaphore refuses to release more than that; {-1, 0} when the holder
--            believed it held permits but holds none (its lease was lost), releasing nothing;
--            {-2, permits the holder holds} when ARGV[8] matches neither before nor after
--   renew    1 if renewed, 0 if the holder holds no permits any more (its lease was lost)
--   give-up  the permits taken back
--   permits  the permits available
--   waiting  the number of waiters whose lease has not run out
--   unwait   1 if the waiter was recorded, else 0
-- Errors:  ILLEGALSTATE when the semaphore exists with another capacity; OVERFLOW when a release
--          would pass 2^31 - 1 available permits
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local field = 'h:' .. ARGV[3]
local state = redis.call('HMGET', KEYS[1], 'capacity', 'available', field, 'due')
if not state[1] then
  redis.call('HSET', KEYS[1], 'capacity', ARGV[1], 'available', ARGV[1])
  state[2] = ARGV[1]
elseif state[1] ~= ARGV[1] then
  return redis.error_reply('ILLEGALSTATE the semaphore exists with ' .. state[1] .. ' permits, not ' .. ARGV[1])
end
local due = state[4]
if not due or (due ~= '' and tonumber(due) < now) or ARGV[4] == 'permits' then
  -- A holder's lease may have run out (or the permits are counted): take back the permits of every
  -- holder whose lease did.
  local reclaimed = 0
  while true do
    local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. now, 'LIMIT', 0, 1000)
    if #expired == 0 then
      break
    end
    for _, holder in ipairs(expired) do
      local held = redis.call('HGET', KEYS[1], 'h:' .. holder)
      if held then
        redis.call('HINCRBY', KEYS[1], 'available', held)
        redis.call('HDEL', KEYS[1], 'h:' .. holder)
        reclaimed = reclaimed + tonumber(held)
      end
      redis.call('ZREM', KEYS[2], holder)
    end
  end
  if reclaimed > 0 then
    redis.call('PUBLISH', ARGV[2], reclaimed)
  end
  local earliest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  due = earliest[2] or ''
  redis.call('HSET', KEYS[1], 'due', due)
  state = redis.call('HMGET', KEYS[1], 'capacity', 'available', field)
end
local available = tonumber(state[2])
local held = tonumber(state[3] or '0')

local op = ARGV[4]

if op == 'acquire' then
  local wanted = tonumber(ARGV[5])
  if wanted < 0 then
    if available < 0 then
      redis.call('HSET', KEYS[1], 'available', 0)
      return {1, available, 0, 0, -1, -1}
    end
    wanted = available
  end
  if available < wanted or available < 0 then
    if ARGV[7] then
      redis.call('ZADD', KEYS[3], now + tonumber(ARGV[8]), ARGV[7])
      if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[8]) then
        redis.call('PEXPIRE', KEYS[3], ARGV[8])
      end
    end
    local earliest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    local hint = -1
    if #earliest > 0 then
      hint = math.max(tonumber(earliest[2]) - now, 0)
    end
    return {0, 0, available, 0, hint, -1}
  end
  if ARGV[7] then
    redis.call('ZREM', KEYS[3], ARGV[7])
  end
  if wanted == 0 then
    return {1, 0, available, 0, -1, -1}
  end
  available = available - wanted
  local after = held + wanted
  local deadline = now + tonumber(ARGV[6])
  if due == '' or deadline < tonumber(due) then
    redis.call('HSET', KEYS[1], 'available', available, field, after, 'due', deadline)
  else
    redis.call('HSET', KEYS[1], 'available', available, field, after)
  end
  redis.call('ZADD', KEYS[2], deadline, ARGV[3])
  return {1, wanted, available, held == 0 and 1 or 0, -1, after}
end

if op == 'release' then
  local released = tonumber(ARGV[5])
  if ARGV[8] then
    local before = tonumber(ARGV[8])
    if held == before - released then
      return {1, held}
    end
    if held ~= before then
      return {-2, held}
    end
  end
  if ARGV[7] == '1' and held == 0 then
    return {-1, 0}
  end
  if ARGV[6] == '1' and held < released then
    return {0, held}
  end
  if available + released > 2147483647 then
    return redis.error_reply('OVERFLOW maximum permit count exceeded')
  end
  local mine = math.min(held, released)
  if mine > 0 then
    held = held - mine
    if held == 0 then
      redis.call('HDEL', KEYS[1], field)
      redis.call('ZREM', KEYS[2], ARGV[3])
    end
  end
  if released > 0 then
    if held > 0 then
      redis.call('HSET', KEYS[1], 'available', available + released, field, held)
    else
      redis.call('HSET', KEYS[1], 'available', available + released)
    end
    if redis.call('EXISTS', KEYS[3]) == 1 then
      redis.call('PUBLISH', ARGV[2], ARGV[5])
    end
  end
  return {1, held}
end

if op == 'give-up' then
  if held > 0 then
    redis.call('HINCRBY', KEYS[1], 'available', held)
    redis.call('HDEL', KEYS[1], field)
    redis.call('PUBLISH', ARGV[2], held)
  end
  redis.call('ZREM', KEYS[2], ARGV[3])
  return held
end

if op == 'waiting' then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. now)
  return redis.call('ZCARD', KEYS[3])
end

if op == 'unwait' then
  return redis.call('ZREM', KEYS[3], ARGV[5])
end

if op == 'renew' then
  if held == 0 then
    return 0
  end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[3])
  return 1
end

if ARGV[5] ~= '0' then
  return redis.call('HINCRBY', KEYS[1], 'available', -tonumber(ARGV[5]))
end
return available
