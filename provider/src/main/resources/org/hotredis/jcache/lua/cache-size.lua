-- Counts the live entries of a JCache cache (or of one shard): the entries whose deadline has not
-- passed. Removes nothing.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- Reply:   the number of live entries
--#include lib/clock.lua
local now = millisNow()
return redis.call('HLEN', KEYS[1]) - redis.call('ZCOUNT', KEYS[2], '-inf', now)
