-- Test fixture: includes a library that reads KEYS itself.
-- KEYS[1]  the counter
-- Reply:   the counter's value
--#include lib/test-reads-keys.lua
return value()
