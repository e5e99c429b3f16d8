-- Test fixture: appends a value to a key's companion string, then sets the key.
-- KEYS[1]  the main key
-- KEYS[2]  the companion key (a string)
-- ARGV[1]  the value
-- Reply:   1
redis.call('APPEND', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], ARGV[1])
return 1
