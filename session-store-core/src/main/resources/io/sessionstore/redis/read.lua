-- Reads a session for the near cache, writing nothing: a client with CLIENT TRACKING on is
-- then told when the key changes. The touch script cannot serve here: its own write would
-- invalidate the copy it has just read.
-- KEYS[1]  session key
-- Returns the hash as a flat field/value array (empty when there is no such session), then
-- the key's remaining time to live in milliseconds (PTTL: -1 for none, -2 when absent).
return { redis.call('HGETALL', KEYS[1]), redis.call('PTTL', KEYS[1]) }
