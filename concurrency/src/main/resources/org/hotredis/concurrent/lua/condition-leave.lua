-- Removes a Condition waiter that stops waiting (timeout or interrupt).
-- KEYS[1]  the condition's waiters in arrival order
-- KEYS[2]  the condition's waiter leases
-- ARGV[1]  the waiter id
-- Reply:   1 if it was still waiting, 0 if a signal had already removed it
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
