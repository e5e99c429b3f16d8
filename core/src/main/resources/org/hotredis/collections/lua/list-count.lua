-- Counts the occurrences of a value in a list.
-- KEYS[1]  the list
-- ARGV[1]  the value
-- Reply:   the number of occurrences
return #redis.call('LPOS', KEYS[1], ARGV[1], 'COUNT', 0)
