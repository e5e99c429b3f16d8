-- Reads or edits a string by UTF-16 char offsets, as java.lang.String and StringBuilder count them,
-- although Redis stores UTF-8: a 1- to 3-byte sequence is one char, a 4-byte sequence (a code point
-- above U+FFFF) is two, a surrogate pair. Reads may start or end between the two chars of a pair and
-- return that half; edits never split a pair. Every check runs before the only write, so a failure
-- changes nothing; an edit that leaves the text as it was does not write. Writes keep the TTL.
-- KEYS[1]  the string; a missing key is the empty string
-- ARGV[1]  the operation. Reads: length, charAt, substring, indexOf, lastIndexOf. Edits: insert,
--          replace (delete is replace with no text), setCharAt (deleteCharAt is setCharAt with no
--          text), setLength
-- ARGV[2]  the char index: the index of charAt and setCharAt, the offset of insert, the start of
--          substring and replace, the new length of setLength, the fromIndex of the searches
-- ARGV[3]  the end (exclusive) of substring and replace, or empty for the length
-- ARGV[4]  the UTF-8 text to insert, to put in the range or at the index, or to search for
-- Reply:   length: the length in chars. charAt and substring: {lead, text, trail}: the low
--          surrogate the range starts with or 0, the UTF-8 of the whole code points inside, the
--          high surrogate it ends with or 0. indexOf, lastIndexOf: the char index, or -1. Edits:
--          the new length in chars. Errors: STRINDEX (out of range, with StringBuilder's message),
--          ILLEGALARG (an edit would split a surrogate pair, or grow past 512 MB), ILLEGALSTATE
--          (the key does not hold UTF-8 text)
local op = ARGV[1]
local index = tonumber(ARGV[2])
local finish = tonumber(ARGV[3])
local text = ARGV[4]
local s = redis.call('GET', KEYS[1]) or ''
local MAX_BYTES = 536870912

-- Counts the chars of UTF-8 text, or returns nil if it is not UTF-8. Each multi-byte sequence is
-- replaced by one ASCII byte, so that no removal joins the bytes around it into a valid sequence.
local function charCount(t)
  if not string.find(t, '[\128-\255]') then
    return #t
  end
  local rest, n4 = string.gsub(t, '[\240-\244][\128-\191][\128-\191][\128-\191]', '.')
  local n3, n2
  rest, n3 = string.gsub(rest, '[\224-\239][\128-\191][\128-\191]', '.')
  rest, n2 = string.gsub(rest, '[\194-\223][\128-\191]', '.')
  if string.find(rest, '[\128-\255]') then
    return nil
  end
  return #t - n2 - 2 * n3 - 2 * n4
end

local n = charCount(s)
if n == nil then
  return redis.error_reply('ILLEGALSTATE the key holds bytes that are not UTF-8 text')
end
if op == 'length' then
  return n
end
local ascii = n == #s
if finish == nil then
  finish = n
end

-- Returns the byte position where char `target` starts, scanning from byte `pos`, where char
-- `chars` starts; and whether `target` is the low half of a surrogate pair (the position is then
-- the pair's). Runs of ASCII are skipped by string.find, in C.
local function locate(target, pos, chars)
  if ascii then
    return target + 1, false
  end
  while chars < target do
    local wide = string.find(s, '[\128-\255]', pos)
    if wide == nil or wide - pos >= target - chars then
      return pos + target - chars, false
    end
    chars = chars + wide - pos
    local lead = string.byte(s, wide)
    if lead >= 0xF0 then
      if chars + 1 == target then
        return wide, true
      end
      chars, pos = chars + 2, wide + 4
    elseif lead >= 0xE0 then
      chars, pos = chars + 1, wide + 3
    else
      chars, pos = chars + 1, wide + 2
    end
  end
  return pos, false
end

-- Returns the high and the low surrogate of the 4-byte sequence at byte `pos`.
local function halves(pos)
  local b1, b2, b3, b4 = string.byte(s, pos, pos + 3)
  local v = (b1 - 0xF0) * 0x40000 + (b2 - 0x80) * 0x1000 + (b3 - 0x80) * 0x40 + (b4 - 0x80) - 0x10000
  return 0xD800 + math.floor(v / 0x400), 0xDC00 + v % 0x400
end

local function outOfRange(message)
  return redis.error_reply('STRINDEX ' .. message)
end

local function badIndex(i)
  if i < 0 or i >= n then
    return outOfRange('index ' .. i .. ', length ' .. n)
  end
end

local function badRange(first, last)
  if first < 0 or first > last or last > n then
    return outOfRange('start ' .. first .. ', end ' .. last .. ', length ' .. n)
  end
end

-- Reads the chars [first, last) as {lead, text, trail}.
local function slice(first, last)
  if first == last then
    return {0, '', 0}
  end
  local pos, split = locate(first, 1, 0)
  local lead, chars = 0, first
  if split then
    local _, low = halves(pos)
    lead, pos, chars = low, pos + 4, first + 1
  end
  local stop, cut = locate(last, pos, chars)
  local trail = 0
  if cut then
    trail = halves(stop)
  end
  return {lead, string.sub(s, pos, stop - 1), trail}
end

local function splitsPair(i)
  return redis.error_reply('ILLEGALARG index ' .. i .. ' falls between the two chars of a surrogate'
    .. ' pair; editing there would leave an unpaired surrogate')
end

local function tooLarge(size)
  if size > MAX_BYTES then
    return redis.error_reply('ILLEGALARG the text would take ' .. size .. ' bytes, more than the '
      .. MAX_BYTES .. ' a Redis string holds')
  end
end

local function store(value)
  local failed = tooLarge(#value)
  if failed then
    return failed
  end
  if value ~= s then
    redis.call('SET', KEYS[1], value, 'KEEPTTL')
  end
end

-- Replaces the chars [first, last) with `insert` and returns the new length.
local function splice(first, last, insert)
  local pos, split = locate(first, 1, 0)
  if split then
    return splitsPair(first)
  end
  local stop, cut = locate(last, pos, first)
  if cut then
    return splitsPair(last)
  end
  local failed = store(string.sub(s, 1, pos - 1) .. insert .. string.sub(s, stop))
  return failed or n - (last - first) + charCount(insert)
end

if op == 'charAt' then
  return badIndex(index) or slice(index, index + 1)
elseif op == 'substring' then
  return badRange(index, finish) or slice(index, finish)
elseif op == 'indexOf' then
  if index >= n then
    return text == '' and n or -1
  end
  if index < 0 then
    index = 0
  end
  if text == '' then
    return index
  end
  local pos, split = locate(index, 1, 0)
  local chars = index
  if split then
    pos, chars = pos + 4, index + 1
  end
  local found = string.find(s, text, pos, true)
  if found == nil then
    return -1
  end
  return chars + charCount(string.sub(s, pos, found - 1))
elseif op == 'lastIndexOf' then
  -- The last match that starts at or before `index`: the first match of the reversed text in the
  -- reversed string, from the mirrored position.
  local last = n - charCount(text)
  if index > last then
    index = last
  end
  if index < 0 then
    return -1
  end
  if text == '' then
    return index
  end
  local limit = locate(index, 1, 0)
  local from = math.max(#s - limit - #text + 2, 1)
  local found = string.find(string.reverse(s), string.reverse(text), from, true)
  if found == nil then
    return -1
  end
  return charCount(string.sub(s, 1, #s - found - #text + 1))
elseif op == 'insert' then
  if index < 0 or index > n then
    return outOfRange('offset ' .. index .. ', length ' .. n)
  end
  return splice(index, index, text)
elseif op == 'replace' then
  if finish > n then
    finish = n
  end
  return badRange(index, finish) or splice(index, finish, text)
elseif op == 'setCharAt' then
  return badIndex(index) or splice(index, index + 1, text)
elseif op == 'setLength' then
  if index <= n then
    return splice(index, n, '')
  end
  return tooLarge(#s + index - n) or store(s .. string.rep('\0', index - n)) or index
end
return redis.error_reply('ERR string-chars: unknown operation ' .. tostring(op))
