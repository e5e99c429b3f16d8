-- Returns the pending elements of consumers whose heartbeat expired to the head of a queue, oldest
-- first, and unregisters those consumers. A set-queue skips an element it holds already.
-- KEYS[1]  the list
-- KEYS[2]  the membership set (only a set-queue touches it)
-- KEYS[3]  the registry of consumers
-- KEYS[4..n]  for each consumer checked: its heartbeat, then its pending list
-- ARGV[1]  '1' for a set-queue, else '0'
-- ARGV[2..n]  the ids of the consumers checked, in the order of their keys
-- Reply:   how many elements were returned to the queue
local list, set, registry = KEYS[1], KEYS[2], KEYS[3]
local unique = ARGV[1] == '1'
local returned = 0
for i = 2, #ARGV do
  local heartbeat, pending = KEYS[2 * i], KEYS[2 * i + 1]
  if redis.call('EXISTS', heartbeat) == 0 then
    while true do
      local item = redis.call('RPOP', pending)
      if not item then
        break
      end
      local queued = unique and redis.call('SISMEMBER', set, item) == 1
        and redis.call('LPOS', list, item)
      if not queued then
        if unique then
          redis.call('SADD', set, item)
        end
        redis.call('LPUSH', list, item)
        returned = returned + 1
      end
    end
    redis.call('SREM', registry, ARGV[i])
  end
end
return returned
