-- Takes, renews or gives back the write leases of keys of a write-through JCache cache: an
-- operation holds the leases of its keys around its writer call and the cache's write, so that
-- writes from several JVMs reach the system of record and the cache in the same order. A lease is
-- '<deadline>:<waiting>:<token>': its deadline (ms, Redis TIME), '1' if an operation waits for it,
-- and the holding operation's token. A lease past its deadline is free (its JVM stopped renewing).
-- KEYS[1]  the write leases: a hash of encoded key -> lease, in the slot of the entries
-- ARGV[1]  'acquire', 'renew' or 'release'
-- ARGV[2]  the token of the operation
-- ARGV[3]  the lease in milliseconds
-- ARGV[4]  the event channel, where 'release' tells the waiting operations of other handles
-- ARGV[5]  the handle's id, named in that message
-- ARGV[6..] the encoded keys
-- Reply:   acquire: 0 when every key's lease is now the token's (all of them or none), else the
--          milliseconds until the first lease that blocks lapses (at least 1), after marking the
--          blocking leases as waited for; renew: how many of the keys the token still held (their
--          deadlines are extended); release: 1 if an operation waited for one of the keys (then a
--          message 'L', the handle's id and an empty key is published), else 0
--#include lib/clock.lua
--#include lib/events.lua
--#include lib/leases.lua
local leases = KEYS[1]
local mode, token, lease = ARGV[1], ARGV[2], tonumber(ARGV[3])
local now = millisNow()

local function keep()
  if redis.call('PTTL', leases) < lease then
    redis.call('PEXPIRE', leases, lease)
  end
end

if mode == 'acquire' then
  local blocked = nil
  for i = 6, #ARGV do
    local deadline, waiting, holder = parseLease(redis.call('HGET', leases, ARGV[i]))
    if deadline and holder ~= token and deadline > now then
      if waiting == '0' then
        redis.call('HSET', leases, ARGV[i], deadline .. ':1:' .. holder)
      end
      if not blocked or deadline - now < blocked then
        blocked = deadline - now
      end
    end
  end
  if blocked then
    return blocked
  end
  for i = 6, #ARGV do
    redis.call('HSET', leases, ARGV[i], (now + lease) .. ':0:' .. token)
  end
  keep()
  return 0
elseif mode == 'renew' then
  local renewed = 0
  for i = 6, #ARGV do
    local deadline, waiting, holder = parseLease(redis.call('HGET', leases, ARGV[i]))
    if deadline and holder == token then
      redis.call('HSET', leases, ARGV[i], (now + lease) .. ':' .. waiting .. ':' .. token)
      renewed = renewed + 1
    end
  end
  if renewed > 0 then
    keep()
  end
  return renewed
end
local waited = 0
for i = 6, #ARGV do
  local deadline, waiting, holder = parseLease(redis.call('HGET', leases, ARGV[i]))
  if deadline and holder == token then
    redis.call('HDEL', leases, ARGV[i])
    if waiting == '1' then
      waited = 1
    end
  end
end
if waited == 1 then
  redis.call('PUBLISH', ARGV[4], eventMessage('L', ARGV[5], '', nil, nil))
end
return waited
