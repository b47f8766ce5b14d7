-- Deletes a session and removes it from its principal's index.
-- KEYS[1]  session key
-- ARGV[1]  session ID
-- ARGV[2]  principal index key prefix; '' when the index is kept by the caller
-- ARGV[3]  session key prefix, to prune index members whose session is gone
-- Returns the deleted hash as a flat field/value array, or an empty array when there was none.
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return fields
end
redis.call('DEL', KEYS[1])
if ARGV[2] ~= '' then
  for i = 1, #fields, 2 do
    if fields[i] == 'principal_name' then
      local index_key = ARGV[2] .. redis.sha1hex(fields[i + 1])
      upgrade_index(index_key)
      redis.call('HDEL', index_key, ARGV[1])
      prune_index(index_key, ARGV[3])
      break
    end
  end
end
return fields
