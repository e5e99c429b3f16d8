-- Library: the hashes of handle id -> lease deadline (ms, Redis TIME) that record a cache's open
-- handles and the handles that listen.
-- forgetLapsed(hash, now)  removes the handles whose lease has passed (their JVM stopped without
--                          closing them)
local function forgetLapsed(hash, now)
  local all = redis.call('HGETALL', hash)
  for i = 1, #all, 2 do
    if tonumber(all[i + 1]) <= now then
      redis.call('HDEL', hash, all[i])
    end
  end
end
