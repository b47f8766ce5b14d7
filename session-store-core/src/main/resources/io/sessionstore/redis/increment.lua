-- Atomically adds to an integer attribute of an existing session.
-- KEYS[1]  session key
-- ARGV[1]  attribute name
-- ARGV[2]  the increment
-- ARGV[3]  type to record in attribute_types when the attribute did not exist, or when
--          the new value no longer fits its recorded integer type (the value is widened)
-- Returns the new value, or nil when there is no such session (nothing is created).
local largest = { ['Integer'] = 2147483647, ['Short'] = 32767, ['Byte'] = 127,
  ['java.lang.Integer'] = 2147483647, ['java.lang.Short'] = 32767, ['java.lang.Byte'] = 127 }
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local existed = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
local types = read_types(KEYS[1])
local max = largest[types[ARGV[1]]]
if not existed or (max and (value > max or value < -max - 1)) then
  types[ARGV[1]] = ARGV[3]
  write_types(KEYS[1], types)
end
return value
