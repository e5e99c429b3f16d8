-- Library: the clock of the JCache scripts, Redis's own (TIME), so that every JVM reads the same
-- deadlines whatever its own clock says.
-- millisOf(time)  the milliseconds of a TIME reply
-- millisNow()     the current Redis time in milliseconds
-- timeOr(now)      now if it is a number, else the current Redis time in milliseconds: a script
--                  that keeps `local now = false` and writes `now = timeOr(now)` where it needs the
--                  time reads the clock at most once, and only when it needs it
local function millisOf(time)
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function millisNow()
  return millisOf(redis.call('TIME'))
end

local function timeOr(now)
  return now or millisNow()
end
