-- Takes a session out of Redis: reads its hash and deletes it, in one step. The first half
-- of an ID change when the old and new keys may lie on different cluster nodes.
-- KEYS[1]  session key
-- Returns the hash as a flat field/value array, or an empty array when there is none.
local fields = redis.call('HGETALL', KEYS[1])
if #fields > 0 then
  redis.call('DEL', KEYS[1])
end
return fields
