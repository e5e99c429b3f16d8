-- Stores a striped adder's layout if absent, or checks the layout it was created with.
-- KEYS[1]  the adder's layout: a hash with fields stripes and groups
-- ARGV[1]  the number of stripes
-- ARGV[2]  the number of slot groups
-- Reply:   1 if stored, 0 if it existed with this layout; an ILLEGALSTATE error if it exists with
--          another layout, a NOTADDER error if the hash is not an adder's layout
local layout = redis.call('HMGET', KEYS[1], 'stripes', 'groups')
if not layout[1] or not layout[2] then
  if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.error_reply('NOTADDER the hash at this key is not a striped adder\'s layout (no' ..
      ' stripes and groups fields); delete it, or use another key')
  end
  redis.call('HSET', KEYS[1], 'stripes', ARGV[1], 'groups', ARGV[2])
  return 1
end
if layout[1] ~= ARGV[1] or layout[2] ~= ARGV[2] then
  return redis.error_reply('ILLEGALSTATE the adder exists with ' .. layout[1] .. ' stripes in ' ..
    layout[2] .. ' slot groups, not ' .. ARGV[1] .. ' in ' .. ARGV[2] ..
    '; build it with that layout, or delete() it to change it')
end
return 0
