-- Removes the members of a principal index whose session is gone.
-- KEYS[1]  principal index key
-- ARGV[1]  session key prefix
-- Returns the number of members removed.
return prune_index(KEYS[1], ARGV[1])
