-- Changes a field of a hash only if it holds an expected value, compared byte for byte: the
-- compare-and-set step behind putIfAbsent, replace(k, old, new), remove(k, v), setDefault,
-- Entry.setValue, the compute methods and a multiset's setCount(e, expected, n).
-- KEYS[1]  the hash
-- ARGV[1]  the field
-- ARGV[2]  what the field must hold: 'absent' (nothing); 'value' (exactly ARGV[3]); or 'count'
--          (exactly ARGV[3], or nothing when ARGV[3] is '0': a missing count is 0)
-- ARGV[3]  the expected value ('' with 'absent')
-- ARGV[4]  'set' to store ARGV[5], 'delete' to remove the field
-- ARGV[5]  the new value ('' with 'delete')
-- ARGV[6]  '1' to answer a mismatch with error CONCURRENT, '0' to answer it with the current value
-- Reply:   1 if the field was changed; otherwise the field's current value, or nil if it is absent
local current = redis.call('HGET', KEYS[1], ARGV[1])
local expect = ARGV[2]
local matches
if expect == 'absent' then
  matches = current == false
elseif expect == 'count' and ARGV[3] == '0' then
  matches = current == false or current == '0'
else
  matches = current == ARGV[3]
end
if not matches then
  if ARGV[6] == '1' then
    return redis.error_reply('CONCURRENT the entry was changed by another client after it was read')
  end
  return current
end
if ARGV[4] == 'delete' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[5])
end
return 1
