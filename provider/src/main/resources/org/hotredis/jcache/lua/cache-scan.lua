-- Reads one page of the entries of a JCache cache for an iterator, skipping and removing the
-- entries whose deadline has passed. Deadlines of the entries returned are left alone: the
-- iterator applies the access duration to each entry it hands out.
-- KEYS[1]  the entries: a hash of encoded key -> encoded value
-- KEYS[2]  the deadlines: a sorted set of encoded keys scored by expiry time (ms, Redis TIME)
-- KEYS[3]  the handles that listen: a hash of handle id -> lease deadline
-- ARGV[1]  the event channel
-- ARGV[2]  the reading handle's id, named in the events it causes
-- ARGV[3]  the HSCAN cursor ('0' to start)
-- ARGV[4]  how many entries to ask HSCAN for
-- Reply:   {next cursor ('0' when done), {key, value, ...} live entries, {key, value, ...} expired
--          entries it removed}
--#include lib/clock.lua
--#include lib/entries.lua
--#include lib/events.lua
local entries, deadlines, listeners = KEYS[1], KEYS[2], KEYS[3]
local channel, origin = ARGV[1], ARGV[2]
local now = millisNow()

local publish = publisher(channel, origin, listeners)

local page = redis.call('HSCAN', entries, ARGV[3], 'COUNT', tonumber(ARGV[4]))
local found = page[2]
local live, expired = {}, {}
for i = 1, #found, 2 do
  local key, value = found[i], found[i + 1]
  if isDue(deadlines, key, now) then
    deleteEntry(entries, deadlines, key)
    publish('E', key, value, value)
    expired[#expired + 1] = key
    expired[#expired + 1] = value
  else
    live[#live + 1] = key
    live[#live + 1] = value
  end
end
return {page[1], live, expired}
