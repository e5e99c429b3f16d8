-- Library: the clock of the JCache scripts, Redis's own (TIME), so that every JVM reads the same
-- deadlines whatever its own clock says.
-- millisOf(time)  the milliseconds of a TIME reply
-- millisNow()     the current Redis time in milliseconds
local function millisOf(time)
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function millisNow()
  return millisOf(redis.call('TIME'))
end
