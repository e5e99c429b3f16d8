-- Remembers the elements an iteration over SCAN pages has returned, so that it returns each one
-- once: SCAN may return an element twice when the set or hash shrinks during the iteration. This
-- is the iteration's memory once it outgrows its budget in the JVM; the iterator sends each page's
-- identities (members, fields, keys) and returns only those answered 1.
-- KEYS[1]  the memory: a hash of identity -> number of the call that recorded it, in the slot of
--          the collection iterated
-- ARGV[1]  this call's number (increasing with each call of one iteration)
-- ARGV[2]  the number of the last call whose reply the iterator received: a record made by a
--          later call never reached the iterator (its reply was lost), so it counts as not returned
-- ARGV[3]  '1' if the memory must exist (a reply the iterator received recorded an identity)
-- ARGV[4]  the memory's time to live in ms, renewed by each call; '0' to delete the memory after
--          answering (the iteration's last page)
-- ARGV[5..n]  identities
-- Reply:   for each identity, 1 if the iterator returns it (now recorded), 0 if it returned it
--          before (or earlier in this call); error ILLEGALSTATE if the memory should exist and has
--          expired
local memory = KEYS[1]
local call, received = tonumber(ARGV[1]), tonumber(ARGV[2])
if ARGV[3] == '1' and redis.call('EXISTS', memory) == 0 then
  return redis.error_reply('ILLEGALSTATE the iteration was left unused for longer than its memory'
    .. ' of the elements it returned lives in Redis, so it cannot go on without returning some'
    .. ' twice; start a new iteration')
end
local answers, seen = {}, {}
for first = 5, #ARGV, 1000 do
  local last = math.min(first + 999, #ARGV)
  local recorded = redis.call('HMGET', memory, unpack(ARGV, first, last))
  local writes = {}
  for i = first, last do
    local identity = ARGV[i]
    local fresh = false
    if not seen[identity] then
      seen[identity] = true
      local by = recorded[i - first + 1]
      if not by or tonumber(by) > received then
        writes[#writes + 1] = identity
        writes[#writes + 1] = call
        fresh = true
      end
    end
    answers[i - 4] = fresh and 1 or 0
  end
  if #writes > 0 then
    redis.call('HSET', memory, unpack(writes))
  end
end
if ARGV[4] == '0' then
  redis.call('DEL', memory)
else
  redis.call('PEXPIRE', memory, ARGV[4])
end
return answers
