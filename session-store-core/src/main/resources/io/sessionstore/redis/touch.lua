-- Loads a session and refreshes its expiry: the first access of a request.
-- KEYS[1]  session key
-- ARGV[1]  last_accessed_at to record (ISO-8601 text)
-- ARGV[2]  seconds added to the idle timeout in the key's TTL (see apply_expiry)
-- Returns the hash as a flat field/value array (as before the touch), or an empty array
-- when there is no such session. A hash without created_at is returned untouched.
local fields = redis.call('HGETALL', KEYS[1])
local has_created_at = false
for i = 1, #fields, 2 do
  if fields[i] == 'created_at' then
    has_created_at = true
    break
  end
end
if not has_created_at then
  return fields
end
redis.call('HSET', KEYS[1], 'last_accessed_at', ARGV[1])
if not apply_expiry(KEYS[1], tonumber(ARGV[2])) then
  return {}
end
return fields
