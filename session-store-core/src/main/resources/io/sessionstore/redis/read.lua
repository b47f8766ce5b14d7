-- Reads a session for the near cache, writing nothing: a client with CLIENT TRACKING on is
-- then told when the key changes. The touch script cannot serve here: its own write would
-- invalidate the copy it has just read.
-- Redis remembers every key a read command touches for the client, whether the key exists
-- or not, until the key changes. The key of an expired session or of a forged cookie may
-- never change, so it is looked for first with RENAME onto itself, which is no read and
-- changes nothing: it fails with "no such key" for an absent key, and only a key that
-- exists is read.
-- KEYS[1]  session key
-- Returns the hash as a flat field/value array (empty when there is no such session or the
-- key holds no hash), then the key's remaining time to live in milliseconds (PTTL: -1 for
-- none, -2 when absent).
-- Any other refusal of RENAME (a server refusing writes: MISCONF, NOREPLICAS, READONLY) is
-- no answer about the key, so the read goes on as it would without the lookup.
local found = redis.pcall('RENAME', KEYS[1], KEYS[1])
if found.err and string.find(found.err, 'no such key', 1, true) then
  return { {}, -2 }
end
if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then
  return { {}, -2 }
end
return { redis.call('HGETALL', KEYS[1]), redis.call('PTTL', KEYS[1]) }
