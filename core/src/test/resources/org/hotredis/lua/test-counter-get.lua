-- Test fixture: reads an integer counter through a script.
-- KEYS[1]  the counter
-- Reply:   the value, or 0 when absent
return tonumber(redis.call('GET', KEYS[1]) or '0')
