-- Library: reading a count-down latch's hash, refusing one that is not a latch.
-- latchCount(latch)  the remaining count (0 if the latch does not exist), or an error reply
--                    (ILLEGALSTATE) when the key holds a hash that is not a latch
local function latchCount(latch)
  local field = redis.call('HGET', latch, 'count')
  if not field then
    if redis.call('EXISTS', latch) == 1 then
      return nil, redis.error_reply('ILLEGALSTATE the hash at this key is not a count-down latch')
    end
    return 0
  end
  local count = tonumber(field)
  if not count or count < 0 or count % 1 ~= 0 then
    return nil, redis.error_reply('ILLEGALSTATE the latch count "' .. field ..
      '" is not a non-negative integer')
  end
  return count
end
