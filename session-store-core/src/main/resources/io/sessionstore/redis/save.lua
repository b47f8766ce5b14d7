-- Writes the changes of one session in one step. An update applies only while the
-- session still exists and a creation only while the ID is unused, so a save racing with
-- logout or expiry never resurrects a session or leaves a hash without created_at.
-- KEYS[1]  session key to write (the current ID)
-- KEYS[2]  session key the session was loaded from (differs from KEYS[1] after an ID change)
-- KEYS[3]  principal index key to add the current ID to (only read when ARGV[5] is 1)
-- KEYS[4]  principal index key to remove the loaded ID from (only read when ARGV[6] is 1)
-- ARGV[1]  'create' or 'update'
-- ARGV[2]  current session ID
-- ARGV[3]  loaded session ID
-- ARGV[4]  maximum lifetime in seconds; 0 for none. A session without absolute_deadline
--          gets one: from the server's clock on creation, from ARGV[8] otherwise
-- ARGV[5]  1 to add the current ID to KEYS[3]
-- ARGV[6]  1 to remove the loaded ID from KEYS[4]
-- ARGV[7]  session key prefix, to prune index members whose session is gone
-- ARGV[8]  creation time of the session as epoch seconds
-- ARGV[9]  1 to slide the expiry (the request's own session); 0 to keep the key's TTL,
--          only ever shortened to a deadline recorded now
-- ARGV[10] seconds added to the idle timeout when the expiry slides (see apply_expiry)
-- ARGV[11] number of fields to set (N)
-- ARGV[12] number of fields to delete (M)
-- ARGV[13] number of attribute type changes (T)
-- ARGV[14...] N field/value pairs, then M field names, then T name/type pairs ('' drops the type)
-- Returns 1 when written, 0 when the session no longer exists, -1 when the new ID is taken.
local key, loaded_key = KEYS[1], KEYS[2]
if ARGV[1] == 'create' then
  if redis.call('EXISTS', key) == 1 then
    return -1
  end
else
  if redis.call('EXISTS', loaded_key) == 0 then
    return 0
  end
  if loaded_key ~= key then
    redis.call('RENAME', loaded_key, key)
  end
end

local set_count, delete_count, type_count = tonumber(ARGV[11]), tonumber(ARGV[12]), tonumber(ARGV[13])
local first_set, first_delete = 14, 14 + 2 * set_count
local first_type = first_delete + delete_count
local chunk = 200
for i = first_set, first_delete - 1, 2 * chunk do
  redis.call('HSET', key, unpack(ARGV, i, math.min(i + 2 * chunk, first_delete) - 1))
end
for i = first_delete, first_type - 1, chunk do
  redis.call('HDEL', key, unpack(ARGV, i, math.min(i + chunk, first_type) - 1))
end

if delete_count > 0 or type_count > 0 then
  local types = read_types(key)
  for i = first_delete, first_type - 1 do
    types[ARGV[i]] = nil
  end
  for i = first_type, first_type + 2 * type_count - 1, 2 do
    if ARGV[i + 1] == '' then
      types[ARGV[i]] = nil
    else
      types[ARGV[i]] = ARGV[i + 1]
    end
  end
  write_types(key, types)
end

local max_lifetime = tonumber(ARGV[4])
local deadline_recorded = false
if max_lifetime > 0 and redis.call('HEXISTS', key, 'absolute_deadline') == 0 then
  local start = (ARGV[1] == 'create') and tonumber(redis.call('TIME')[1]) or tonumber(ARGV[8])
  redis.call('HSET', key, 'absolute_deadline', start + max_lifetime)
  deadline_recorded = true
end

if ARGV[6] == '1' then
  upgrade_index(KEYS[4])
  redis.call('HDEL', KEYS[4], ARGV[3])
end
if ARGV[5] == '1' then
  upgrade_index(KEYS[3])
  redis.call('HSET', KEYS[3], ARGV[2], '')
end

if ARGV[9] == '1' then
  if not apply_expiry(key, tonumber(ARGV[10])) then
    return 0
  end
elseif deadline_recorded and not cap_to_deadline(key) then
  return 0
end
if ARGV[5] == '1' then
  prune_index(KEYS[3], ARGV[7])
end
return 1
