-- Prelude of every session script that writes a session: applies a session's expiry from
-- its own fields, using the server's clock.
--   session_ttl        idle timeout in seconds; negative means no idle timeout
--   absolute_deadline  epoch seconds after which the session is gone whatever its activity
-- apply_expiry(key) returns false when the deadline has passed (the key is then deleted).
local function apply_expiry(key)
  local expiry = redis.call('HMGET', key, 'session_ttl', 'absolute_deadline')
  local ttl = tonumber(expiry[1]) or -1
  local deadline = tonumber(expiry[2])
  if deadline then
    local remaining = deadline - tonumber(redis.call('TIME')[1])
    if remaining <= 0 then
      redis.call('DEL', key)
      return false
    end
    if ttl < 0 or ttl > remaining then
      ttl = remaining
    end
  end
  if ttl < 0 then
    redis.call('PERSIST', key)
  else
    redis.call('EXPIRE', key, ttl)
  end
  return true
end

-- prune_index(index_key, session_key_prefix) removes the members of a principal index
-- whose session key no longer exists and returns how many it removed.
local function prune_index(index_key, session_key_prefix)
  local removed = 0
  for _, id in ipairs(redis.call('SMEMBERS', index_key)) do
    if redis.call('EXISTS', session_key_prefix .. id) == 0 then
      removed = removed + redis.call('SREM', index_key, id)
    end
  end
  return removed
end

