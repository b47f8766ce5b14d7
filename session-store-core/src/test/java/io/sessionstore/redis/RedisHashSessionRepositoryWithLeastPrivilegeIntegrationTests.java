package io.sessionstore.redis;

import java.util.List;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;

/**
 * The repository contract for a Redis user that has only the commands and keys the store
 * needs, as SECURITY.md lists them: if the store ever sends another command, or touches
 * a key outside its namespace, this suite fails with {@code NOPERM}.
 */
@WithRedis
class RedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests extends RedisHashSessionRepositoryContract {

	static final List<String> COMMANDS = List.of("+@connection", "-@dangerous", "+client|setname", "+client|id",
			"+evalsha", "+eval", "+hgetall", "+smembers", "+sadd", "+srem", "+exists", "+scan", "+del", "+rename",
			"+hset", "+hdel", "+hget", "+hmget", "+hexists", "+hsetnx", "+hincrby", "+expire", "+persist", "+ttl",
			"+time");

	RedisHashSessionRepositoryWithLeastPrivilegeIntegrationTests(RedisServer server) {
		super(server);
	}

	@Override
	TestRedisConnections connect(RedisServer server) {
		return connectAsLeastPrivilegedUser(server);
	}

	/**
	 * Create the least privileged user on the server and connect the repository's
	 * factory as that user.
	 */
	static TestRedisConnections connectAsLeastPrivilegedUser(RedisServer server) {
		String[] rules = new String[COMMANDS.size() + 7];
		rules[0] = "ACL";
		rules[1] = "SETUSER";
		rules[2] = "session-store";
		rules[3] = "reset";
		rules[4] = "on";
		rules[5] = ">least-privilege";
		rules[6] = "~test-*";
		for (int i = 0; i < COMMANDS.size(); i++) {
			rules[7 + i] = COMMANDS.get(i);
		}
		server.command(rules);
		return new TestRedisConnections(server, "session-store", "least-privilege");
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
	}

}
