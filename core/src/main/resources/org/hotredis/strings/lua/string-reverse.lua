-- Reverses a string by code points, as StringBuilder.reverse does: the two chars of a surrogate
-- pair keep their order. Writes only if the text changes, keeping the TTL; a missing key stays
-- missing.
-- KEYS[1]  the string
-- Reply:   the length in bytes. Errors: ILLEGALSTATE (the key does not hold UTF-8 text)
local s = redis.call('GET', KEYS[1])
if not s then
  return 0
end
local reversed
if not string.find(s, '[\128-\255]') then
  reversed = string.reverse(s)
else
  -- One entry per code point; a byte no sequence covers, or a sequence whose length does not match
  -- its lead byte, means the bytes are not UTF-8.
  local sequences, count, covered = {}, 0, 0
  for sequence in string.gmatch(s, '[%z\1-\127\194-\244][\128-\191]*') do
    local lead = string.byte(sequence)
    local expected = 4
    if lead < 0x80 then
      expected = 1
    elseif lead < 0xE0 then
      expected = 2
    elseif lead < 0xF0 then
      expected = 3
    end
    if #sequence ~= expected then
      covered = -1
      break
    end
    count = count + 1
    sequences[count] = sequence
    covered = covered + expected
  end
  if covered ~= #s then
    return redis.error_reply('ILLEGALSTATE the key holds bytes that are not UTF-8 text')
  end
  for i = 1, math.floor(count / 2) do
    sequences[i], sequences[count + 1 - i] = sequences[count + 1 - i], sequences[i]
  end
  reversed = table.concat(sequences)
end
if reversed ~= s then
  redis.call('SET', KEYS[1], reversed, 'KEEPTTL')
end
return #reversed
