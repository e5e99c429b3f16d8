-- Library: the write leases of write-through, each '<deadline>:<waiting>:<token>' (see
-- cache-lease.lua).
-- parseLease(held)  the deadline (a number), waiting flag ('0' or '1') and holder's token of a
--                   lease, or nil when there is none
local function parseLease(held)
  if not held then
    return nil
  end
  local deadline, waiting, holder = string.match(held, '^(%d+):([01]):(.*)$')
  if not deadline then
    return nil
  end
  return tonumber(deadline), waiting, holder
end
