-- Deletes every entry of a JCache cache (or of one shard) and their deadlines. No entry events;
-- while another handle listens, one message tells the near caches of every JVM to drop what they
-- keep of the cache.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the clearing handle's id, named in the message
-- Reply:   the number of keys deleted (0 to 2)
--#include lib/events.lua
local deleted = redis.call('DEL', KEYS[1], KEYS[2])
publisher(ARGV[1], ARGV[2], KEYS[3])('A', '', false, false)
return deleted
