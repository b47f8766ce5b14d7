package io.sessionstore.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the repository finds out whether its connection factory connects to a Redis
 * Cluster, on a server of the test's own that it stops and starts.
 */
class ClusterDetectionIntegrationTests {

	private RedisServer server;

	private LettuceConnectionFactory lettuce;

	private CountingConnectionFactory connectionFactory;

	@BeforeEach
	void startRedis() {
		this.server = RedisServers.startDedicated();
		this.lettuce = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.server.host(), this.server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.lettuce.afterPropertiesSet();
		this.lettuce.start();
		this.connectionFactory = new CountingConnectionFactory(this.lettuce);
	}

	@AfterEach
	void stopRedis() {
		this.lettuce.destroy();
		this.server.close();
	}

	@Test
	void creatingTheRepositoryAsksNothing() {
		new RedisHashSessionRepository(this.connectionFactory);

		assertThat(this.connectionFactory.connections()).isZero();
	}

	@Test
	void standaloneServerGetsMultiKeyScriptsThroughLettuce() {
		assertThat(new RedisHashSessionRepository(this.lettuce).isMultiKeyScripts()).isTrue();
	}

	@Test
	void standaloneServerGetsMultiKeyScriptsThroughJedis() {
		JedisConnectionFactory jedis = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(this.server.host(), this.server.port()));
		jedis.afterPropertiesSet();
		jedis.start();
		try {
			assertThat(new RedisHashSessionRepository(jedis).isMultiKeyScripts()).isTrue();
		}
		finally {
			jedis.destroy();
		}
	}

	@Test
	void answerIsFoundOnceAndKept() {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(this.connectionFactory);

		assertThat(repository.isMultiKeyScripts()).isTrue();
		assertThat(repository.isMultiKeyScripts()).isTrue();

		assertThat(this.connectionFactory.connections()).isEqualTo(1);
	}

	@Test
	void unreachableRedisFailsWithTheNamedExceptionAndIsAskedAgainNextTime() {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(this.connectionFactory);
		RedisHashSession session = repository.createSession();
		this.server.stop();

		assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(repository::isMultiKeyScripts)
			.withMessage("Redis is unavailable while finding out whether it runs as a cluster");
		assertThatExceptionOfType(SessionStoreUnavailableException.class).isThrownBy(() -> repository.save(session));
		this.server.start();

		assertThat(repository.isMultiKeyScripts()).isTrue();
		repository.save(session);
		assertThat(repository.findById(session.getId())).isNotNull();
	}

	@Test
	void explicitSettingWinsWithoutAskingRedis() {
		RedisHashSessionRepository repository = new RedisHashSessionRepository(this.connectionFactory);

		repository.setMultiKeyScripts(false);

		assertThat(repository.isMultiKeyScripts()).isFalse();
		assertThat(this.connectionFactory.connections()).isZero();
	}

	/**
	 * Counts the connections that a real connection factory gives.
	 */
	private static final class CountingConnectionFactory implements RedisConnectionFactory {

		private final RedisConnectionFactory delegate;

		private final AtomicInteger connections = new AtomicInteger();

		CountingConnectionFactory(RedisConnectionFactory delegate) {
			this.delegate = delegate;
		}

		int connections() {
			return this.connections.get();
		}

		@Override
		public RedisConnection getConnection() {
			this.connections.incrementAndGet();
			return this.delegate.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			this.connections.incrementAndGet();
			return this.delegate.getClusterConnection();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			return this.delegate.getSentinelConnection();
		}

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return this.delegate.getConvertPipelineAndTxResults();
		}

		@Override
		public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return this.delegate.translateExceptionIfPossible(ex);
		}

	}

}
