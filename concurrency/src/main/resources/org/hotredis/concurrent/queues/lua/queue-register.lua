-- Registers a reliable consumer of a queue and renews its heartbeat.
-- KEYS[1]  the registry of consumers (a set of ids)
-- KEYS[2]  the consumer's heartbeat
-- ARGV[1]  the consumer's id
-- ARGV[2]  the heartbeat's time to live in milliseconds
-- Reply:   1
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 1
