-- Forgets a writer that stops waiting without the lock (a timeout, an interrupt); when it was the
-- last live waiting writer and nobody writes, announces it, so that the readers it held back go.
-- KEYS[1]  the write lock hash
-- KEYS[2]  the readers hash
-- KEYS[3]  the readers' leases
-- KEYS[4]  the waiting writers (member: waiter id, score: deadline in ms, Redis time)
-- KEYS[5]  the counter of acquisition tokens
-- ARGV[1]  the waiter id
-- ARGV[2]  the lock's release channel
-- Reply:   1 if the waiter was recorded, else 0
--#include lib/rwlock.lua
local removed = redis.call('ZREM', KEYS[4], ARGV[1])
if removed == 1 and redis.call('EXISTS', KEYS[1]) == 0
    and redis.call('ZCOUNT', KEYS[4], rwNow(), '+inf') == 0 then
  redis.call('PUBLISH', ARGV[2], '1')
end
return removed
