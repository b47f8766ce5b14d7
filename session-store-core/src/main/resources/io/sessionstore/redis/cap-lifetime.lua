-- Gives a session stored without an absolute deadline (created before a maximum lifetime
-- was configured, or by another program) the deadline its creation time implies.
-- KEYS[1]  session key
-- ARGV[1]  absolute deadline as epoch seconds, recorded only when the hash has none
-- Returns 1 when the session exists and is within its lifetime, 0 when it is gone or its
-- deadline has passed (the key is then deleted).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSETNX', KEYS[1], 'absolute_deadline', ARGV[1])
if cap_to_deadline(KEYS[1]) then
  return 1
end
return 0
