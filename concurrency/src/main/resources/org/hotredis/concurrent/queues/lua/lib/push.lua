-- Library: pushing elements onto a queue's list in slices (Lua's unpack stops near 8,000 values),
-- keeping a set-queue's membership set in step.
-- pushAll(list, set, values, head, unique)  pushes values in order at the head (LPUSH) or the tail
--                                            (RPUSH); a set-queue also adds them to its set
local function pushAll(list, set, values, head, unique)
  local push = head and 'LPUSH' or 'RPUSH'
  for i = 1, #values, 1000 do
    local slice = {}
    for j = i, math.min(i + 999, #values) do
      slice[#slice + 1] = values[j]
    end
    redis.call(push, list, unpack(slice))
    if unique then
      redis.call('SADD', set, unpack(slice))
    end
  end
end
