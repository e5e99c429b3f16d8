-- Test fixture: adds twice an amount to an integer counter, with helpers from two libraries (the
-- second includes the first again, which is dropped).
-- KEYS[1]  the counter
-- ARGV[1]  the amount
-- Reply:   the new value
--#include lib/test-add.lua
--#include lib/test-twice.lua
return twice(KEYS[1], tonumber(ARGV[1]))
