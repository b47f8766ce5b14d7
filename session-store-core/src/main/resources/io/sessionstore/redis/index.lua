-- Reads or changes one principal index on its own, where a script cannot declare the
-- session keys too (Redis Cluster): the index is a hash with one empty field per session ID.
-- KEYS[1]  principal index key
-- ARGV[1]  'members' to read the IDs, 'add' or 'remove' to add or remove the IDs that follow
-- ARGV[2...] session IDs
-- Returns the IDs for 'members', otherwise how many IDs were added or removed.
local ids = index_ids(KEYS[1])
if ARGV[1] == 'members' then
  return ids
end
local changed = 0
for i = 2, #ARGV do
  if ARGV[1] == 'add' then
    changed = changed + redis.call('HSET', KEYS[1], ARGV[i], '')
  else
    changed = changed + redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return changed
