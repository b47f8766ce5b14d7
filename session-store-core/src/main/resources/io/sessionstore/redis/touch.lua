-- Loads a session and refreshes its expiry: the first access of a request.
-- KEYS[1]  session key
-- ARGV[1]  last_accessed_at to record (ISO-8601 text)
-- ARGV[2]  seconds added to the idle timeout in the key's TTL (see expire_session)
-- Returns the hash as a flat field/value array (as before the touch), or an empty array
-- when there is no such session or the key holds no hash. A hash without created_at is
-- returned untouched.
local fields = redis.pcall('HGETALL', KEYS[1])
if fields.err then
  if string.find(fields.err, 'WRONGTYPE', 1, true) then
    return {}
  end
  return fields
end
local has_created_at = false
local session_ttl, absolute_deadline
for i = 1, #fields, 2 do
  local name = fields[i]
  if name == 'created_at' then
    has_created_at = true
  elseif name == 'session_ttl' then
    session_ttl = fields[i + 1]
  elseif name == 'absolute_deadline' then
    absolute_deadline = fields[i + 1]
  end
end
if not has_created_at then
  return fields
end
redis.call('HSET', KEYS[1], 'last_accessed_at', ARGV[1])
if not expire_session(KEYS[1], session_ttl, absolute_deadline, tonumber(ARGV[2])) then
  return {}
end
return fields
