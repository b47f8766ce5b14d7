package io.sessionstore.redis;

import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository contract through Redis Sentinel: the repository's connection factory
 * knows only the Sentinels and the master's name, and asks the Sentinels for the master;
 * assertions read the master directly.
 */
@WithRedis
class RedisHashSessionRepositoryOnSentinelIntegrationTests extends RedisHashSessionRepositoryContract {

	private final RedisSentinelSet sentinels;

	RedisHashSessionRepositoryOnSentinelIntegrationTests(RedisSentinelSet sentinels) {
		super(sentinels.master());
		this.sentinels = sentinels;
	}

	@Override
	TestRedisConnections connect(RedisServer master) {
		return TestRedisConnections.throughSentinels(this.sentinels);
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
	}

	@Test
	void sentinelIsNotTakenForAClusterSoAnIdChangeStaysOneScript() {
		try (TestRedisConnections connections = connect(this.sentinels.master())) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connections.connectionFactory());

			assertThat(((LettuceConnectionFactory) connections.connectionFactory()).getSentinelConfiguration()).isNotNull();
			assertThat(repository.isMultiKeyScripts()).isTrue();
		}
	}

}
