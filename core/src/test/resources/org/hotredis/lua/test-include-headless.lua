-- Test fixture: includes a library without a header.
-- KEYS[1]  the counter
-- Reply:   one
--#include lib/test-headless.lua
return one()
