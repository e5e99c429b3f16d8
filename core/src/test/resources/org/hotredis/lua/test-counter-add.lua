-- Test fixture: adds to an integer counter and returns the new value.
-- KEYS[1]  the counter
-- ARGV[1]  the amount
-- Reply:   the new value
return redis.call('INCRBY', KEYS[1], ARGV[1])
