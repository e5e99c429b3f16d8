-- Library: the messages the JCache scripts publish on a cache's event channel (read by
-- EventMessage.java), and whether anyone listens for them.
-- eventMessage(kind, origin, key, value, old)  a message: the kind letter, then each field as
--                                              '<length>:<bytes>', or '-' for none
-- publisher(channel, origin, listeners)        a function publish(kind, key, value, old) that
--                                              publishes an entry event only while a handle other
--                                              than origin is in the hash listeners
-- listening(listeners, origin)                 whether a handle other than origin is in the hash
--                                              listeners: HLEN, and HEXISTS when it holds one
-- publishEvent(channel, origin, kind, key, value, old)
--                                              publishes an entry event
local function eventField(s)
  if s then
    return #s .. ':' .. s
  end
  return '-'
end

local function eventMessage(kind, origin, key, value, old)
  return kind .. eventField(origin) .. eventField(key) .. eventField(value) .. eventField(old)
end

local function listening(listeners, origin)
  local count = redis.call('HLEN', listeners)
  return count > 1 or (count == 1 and redis.call('HEXISTS', listeners, origin) == 0)
end

local function publishEvent(channel, origin, kind, key, value, old)
  redis.call('PUBLISH', channel, eventMessage(kind, origin, key, value, old))
end

local function publisher(channel, origin, listeners)
  local publishing = listening(listeners, origin)
  return function(kind, key, value, old)
    if publishing then
      publishEvent(channel, origin, kind, key, value, old)
    end
  end
end
