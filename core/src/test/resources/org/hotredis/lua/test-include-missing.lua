-- Test fixture: includes a library that does not exist.
-- KEYS[1]  the counter
-- Reply:   nothing
--#include lib/test-absent.lua
return nil
