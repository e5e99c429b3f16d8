-- Test fixture: includes a library that includes itself through another.
-- KEYS[1]  the counter
-- Reply:   nothing
--#include lib/test-cycle-a.lua
return nil
