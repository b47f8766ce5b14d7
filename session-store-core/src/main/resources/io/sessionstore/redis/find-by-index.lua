-- Reads every session of a principal index in one call, and removes the members whose
-- session is gone. Standalone and Sentinel only: the session keys are not declared.
-- KEYS[1]  principal index key
-- ARGV[1]  session key prefix
-- Returns, for each session that exists: its ID, then its fields and values as HGETALL
-- returns them.
local found = {}
for _, id in ipairs(index_ids(KEYS[1])) do
  local hash = redis.call('HGETALL', ARGV[1] .. id)
  if #hash == 0 then
    redis.call('HDEL', KEYS[1], id)
  else
    found[#found + 1] = id
    found[#found + 1] = hash
  end
end
return found
