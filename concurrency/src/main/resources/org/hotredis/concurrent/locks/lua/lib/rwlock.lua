-- Library: the state of a read-write lock, checked before any write so that foreign data at its
-- keys changes nothing and fails with the key's fix.
-- rwNow()                            Redis time in milliseconds
-- rwWriter(lock)                     the writer's {owner, count, token}, or false when none holds it;
--                                    an error reply (NOTRWLOCK) when the hash is not a lock's
-- rwReaders(readers)                 the read holds of all readers (field total), or an error reply
-- rwReclaim(readers, leases, now, total, channel)
--                                    records the first reader's lease (see rwFirstLease), drops the
--                                    readers whose lease ran out and returns the read holds left;
--                                    announces on the channel when that frees the lock of readers
-- rwFirstLease(readers, leases, now) a reader that took a free lock records no deadline: the readers
--                                    hash's TTL is its lease, until another reader comes; then (no
--                                    leases key while readers hold) this records its deadline from it
-- rwLease(readers, leases, owner, now, lease, first)
--                                    sets a reader's lease deadline and keeps both keys alive past it;
--                                    first: the only reader, whose keys take its lease as they are
-- rwRemoveReader(readers, leases, owner, count, channel, total)
--                                    removes a reader and its holds; announces when no reader is left;
--                                    total, when known: the read holds of all readers
local function rwNow()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function rwForeign(what)
  return redis.error_reply('NOTRWLOCK ' .. what .. ' is not part of a HotReadWriteLock (written by' ..
    ' something else); delete the lock\'s keys or choose another key for the lock')
end

local function rwWriter(lock)
  local held = redis.call('HMGET', lock, 'owner', 'count', 'token')
  if not held[1] then
    if redis.call('EXISTS', lock) == 1 then
      return nil, rwForeign('the hash at the lock\'s key')
    end
    return false
  end
  local count = tonumber(held[2])
  if not count or count < 1 or not tonumber(held[3]) then
    return nil, rwForeign('the hash at the lock\'s key')
  end
  return held
end

local function rwReaders(readers)
  local total = redis.call('HGET', readers, 'total')
  if not total then
    if redis.call('EXISTS', readers) == 1 then
      return nil, rwForeign('the readers hash')
    end
    return 0
  end
  local count = tonumber(total)
  if not count or count < 0 or count % 1 ~= 0 then
    return nil, rwForeign('the readers hash')
  end
  return count
end

local function rwRemoveReader(readers, leases, owner, count, channel, total)
  if total and total <= count then
    redis.call('DEL', readers, leases)
    redis.call('PUBLISH', channel, '1')
    return 0
  end
  redis.call('HDEL', readers, 'c:' .. owner, 't:' .. owner)
  redis.call('ZREM', leases, owner)
  local total = redis.call('HINCRBY', readers, 'total', -count)
  if total <= 0 then
    redis.call('DEL', readers, leases)
    redis.call('PUBLISH', channel, '1')
    return 0
  end
  return total
end

local function rwFirstLease(readers, leases, now)
  if redis.call('EXISTS', leases) == 1 then
    return
  end
  local ttl = redis.call('PTTL', readers)
  if ttl < 0 then
    return
  end
  for _, field in ipairs(redis.call('HKEYS', readers)) do
    if string.sub(field, 1, 2) == 'c:' then
      redis.call('ZADD', leases, now + ttl, string.sub(field, 3))
    end
  end
  redis.call('PEXPIRE', leases, ttl)
end

local function rwReclaim(readers, leases, now, total, channel)
  if total > 0 then
    rwFirstLease(readers, leases, now)
  end
  while total > 0 do
    local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', '(' .. now, 'LIMIT', 0, 1000)
    if #expired == 0 then
      break
    end
    for _, owner in ipairs(expired) do
      local count = tonumber(redis.call('HGET', readers, 'c:' .. owner) or '0') or 0
      total = rwRemoveReader(readers, leases, owner, count, channel)
    end
  end
  return total
end

local function rwLease(readers, leases, owner, now, lease, first)
  redis.call('ZADD', leases, now + lease, owner)
  for _, key in ipairs({readers, leases}) do
    if first or redis.call('PTTL', key) < lease then
      redis.call('PEXPIRE', key, lease)
    end
  end
end
