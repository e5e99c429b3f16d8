-- Replaces a set with its symmetric difference with another set in its slot, or with given
-- members: each member of the other is removed if present and added if absent.
-- KEYS[1..n]  the set, then optionally the other set, in the same slot
-- ARGV[1..n]  without the other set: the other members, each once
-- Reply:   how many members were added or removed
local set = KEYS[1]
local size = redis.call('SCARD', set)
local members = ARGV
if #KEYS > 1 then
  if KEYS[2] == set then
    redis.call('DEL', set)
    return size
  end
  members = redis.call('SMEMBERS', KEYS[2])
end
local changed = 0
for first = 1, #members, 1000 do
  local last = math.min(first + 999, #members)
  local flags = redis.call('SMISMEMBER', set, unpack(members, first, last))
  local present, absent = {}, {}
  for i = first, last do
    if flags[i - first + 1] == 1 then
      present[#present + 1] = members[i]
    else
      absent[#absent + 1] = members[i]
    end
  end
  if #present > 0 then
    changed = changed + redis.call('SREM', set, unpack(present))
  end
  if #absent > 0 then
    changed = changed + redis.call('SADD', set, unpack(absent))
  end
end
return changed
