-- Atomically adds to an integer attribute of an existing session.
-- KEYS[1]  session key
-- ARGV[1]  attribute name
-- ARGV[2]  the increment
-- ARGV[3]  type to record in attribute_types when the attribute did not exist
-- Returns the new value, or nil when there is no such session (nothing is created).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local existed = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
if not existed then
  local types = read_types(KEYS[1])
  types[ARGV[1]] = ARGV[3]
  write_types(KEYS[1], types)
end
return value
