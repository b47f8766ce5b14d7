-- Prelude of every session script: helpers shared by the scripts.

-- apply_expiry(key, slack) applies a session's expiry from its own fields, using the
-- server's clock, and returns false when the deadline has passed (the key is then deleted).
--   session_ttl        idle timeout in seconds; negative means no idle timeout
--   absolute_deadline  epoch seconds after which the session is gone whatever its activity
--   slack              seconds added to the idle timeout: the touch interval when the near
--                      cache is on (a session is then touched at most once per interval),
--                      0 otherwise
-- expire_session(key, session_ttl, absolute_deadline, slack) does the same with the two
-- fields' values already read (false or nil when absent).
local function expire_session(key, session_ttl, absolute_deadline, slack)
  local ttl = tonumber(session_ttl) or -1
  local deadline = tonumber(absolute_deadline)
  if ttl >= 0 then
    ttl = ttl + slack
  end
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

local function apply_expiry(key, slack)
  local expiry = redis.call('HMGET', key, 'session_ttl', 'absolute_deadline')
  return expire_session(key, expiry[1], expiry[2], slack)
end

-- cap_to_deadline(key) shortens the key's TTL to the session's absolute_deadline, never
-- lengthens it, and returns false when the deadline has passed (the key is then deleted).
local function cap_to_deadline(key)
  local deadline = tonumber(redis.call('HGET', key, 'absolute_deadline'))
  if not deadline then
    return true
  end
  local remaining = deadline - tonumber(redis.call('TIME')[1])
  if remaining <= 0 then
    redis.call('DEL', key)
    return false
  end
  local ttl = redis.call('TTL', key)
  if ttl < 0 or ttl > remaining then
    redis.call('EXPIRE', key, remaining)
  end
  return true
end

-- upgrade_index(index_key) makes sure a principal index is a hash with one empty field
-- per session ID, which Redis keeps in its compact encoding: an index kept as a set, as
-- earlier versions did, is turned into such a hash. index_ids(index_key) returns its IDs.
local function upgrade_index(index_key)
  if redis.call('TYPE', index_key).ok == 'set' then
    local ids = redis.call('SMEMBERS', index_key)
    redis.call('DEL', index_key)
    for _, id in ipairs(ids) do
      redis.call('HSET', index_key, id, '')
    end
  end
end

local function index_ids(index_key)
  upgrade_index(index_key)
  return redis.call('HKEYS', index_key)
end

-- prune_index(index_key, session_key_prefix) removes the members of a principal index
-- whose session key no longer exists and returns how many it removed.
local function prune_index(index_key, session_key_prefix)
  local removed = 0
  for _, id in ipairs(index_ids(index_key)) do
    if redis.call('EXISTS', session_key_prefix .. id) == 0 then
      removed = removed + redis.call('HDEL', index_key, id)
    end
  end
  return removed
end

-- read_types(key) returns the session's attribute_types as a table (empty when absent
-- or not a JSON object of names to types); write_types(key, types) stores it back, dropping the field when empty.
local function read_types(key)
  local stored = redis.call('HGET', key, 'attribute_types')
  if stored then
    local ok, decoded = pcall(cjson.decode, stored)
    if ok and type(decoded) == 'table' then
      for name, kind in pairs(decoded) do
        if type(name) ~= 'string' or type(kind) ~= 'string' then
          return {}
        end
      end
      return decoded
    end
  end
  return {}
end

local function write_types(key, types)
  if next(types) == nil then
    redis.call('HDEL', key, 'attribute_types')
  else
    redis.call('HSET', key, 'attribute_types', cjson.encode(types))
  end
end

