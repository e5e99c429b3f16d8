-- Reads the stripes of one slot group of a striped adder, and deletes them if asked, refusing (and
-- changing nothing) if a stripe holds something other than an integer in the range of a Java long.
-- (MGET alone would read a stripe of another Redis type as absent.)
-- KEYS[1..n]  the group's stripes (strings holding integers; absent is 0)
-- ARGV[1]     1 to delete the stripes after reading them (sumThenReset), 0 to only read (sum)
-- Reply:   the stripes' values, in KEYS order (false for an absent stripe); a NOTADDER error
--          naming the first stripe that holds something else (another type, or not a long)
local values = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local value = values[i]
  if not value and redis.call('EXISTS', KEYS[i]) == 1 then
    return redis.error_reply('NOTADDER the stripe ' .. KEYS[i] .. ' holds a ' ..
      redis.call('TYPE', KEYS[i])['ok'] .. ', not a count; delete it or delete() the adder')
  end
  if value then
    local digits = string.match(value, '^%-?(%d+)$')
    local negative = string.sub(value, 1, 1) == '-'
    if not digits or #digits > 19 or (#digits > 1 and string.sub(digits, 1, 1) == '0') or
        (#digits == 19 and digits > (negative and '9223372036854775808' or '9223372036854775807')) then
      return redis.error_reply('NOTADDER the stripe ' .. KEYS[i] .. ' holds "' .. value ..
        '", not a count; SET it to an integer or delete() the adder')
    end
  end
end
if ARGV[1] == '1' then
  redis.call('DEL', unpack(KEYS))
end
return values
