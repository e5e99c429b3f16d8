-- Test library: twice(key, amount) adds an amount twice, with add from test-add.lua.
--#include test-add.lua
local function twice(key, amount)
  add(key, amount)
  return add(key, amount)
end
