package io.sessionstore.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.sessionstore.testsupport.RedisMonitor;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where the near cache cannot work it says so once in the log, stays off, and sessions
 * are read and touched in Redis as without it.
 */
@WithRedis
class NearCacheUnavailableIntegrationTests {

	private final RedisServer server;

	NearCacheUnavailableIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@Test
	void jedisConnectionFactoryLeavesTheNearCacheOff() throws Exception {
		JedisConnectionFactory jedis = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(this.server.host(), this.server.port()),
				JedisClientConfiguration.builder().build());
		jedis.afterPropertiesSet();
		jedis.start();
		try {
			assertOffAndReadingFromRedis(jedis, "INFO Near cache off: it needs a LettuceConnectionFactory, and "
					+ "sessions use a org.springframework.data.redis.connection.jedis.JedisConnectionFactory; "
					+ "every session is read from Redis");
		}
		finally {
			jedis.destroy();
		}
	}

	@Test
	void connectionThatSpeaksResp2LeavesTheNearCacheOff() throws Exception {
		LettuceConnectionFactory resp2 = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(this.server.host(), this.server.port()),
				LettuceClientConfiguration.builder()
					.clientOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build())
					.build());
		resp2.afterPropertiesSet();
		resp2.start();
		try {
			assertOffAndReadingFromRedis(resp2, "WARN Near cache off: the connection to Redis speaks RESP2, and "
					+ "invalidation messages need RESP3 (Redis 6.2 or newer, with Lettuce's protocol version left at "
					+ "its default or set to RESP3); every session is read from Redis");
		}
		finally {
			resp2.destroy();
		}
	}

	@Test
	void serverThatRefusesClientTrackingLeavesTheNearCacheOff() throws Exception {
		String user = "no-tracking-" + UUID.randomUUID().toString().substring(0, 8);
		this.server.command("ACL", "SETUSER", user, "reset", "on", ">secret", "~*", "+@all", "-client|tracking");
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
				this.server.port());
		configuration.setUsername(user);
		configuration.setPassword("secret");
		LettuceConnectionFactory restricted = new LettuceConnectionFactory(configuration);
		restricted.afterPropertiesSet();
		restricted.start();
		try {
			assertOffAndReadingFromRedis(restricted, "WARN Near cache off: Redis refused CLIENT TRACKING (NOPERM ",
					"no permissions to run the 'client|tracking' command); every session is read from Redis");
		}
		finally {
			restricted.destroy();
			this.server.command("ACL", "DELUSER", user);
		}
	}

	private void assertOffAndReadingFromRedis(RedisConnectionFactory connectionFactory, String logLine)
			throws Exception {
		assertOffAndReadingFromRedis(connectionFactory, logLine, "");
	}

	/**
	 * Assert that the near cache logs one line, which starts and ends as given, and stays
	 * off: each lookup of the request's own session is a touch in Redis, and the key's TTL
	 * still has the touch interval on top of the idle timeout, as other nodes expect.
	 */
	private void assertOffAndReadingFromRedis(RedisConnectionFactory connectionFactory, String logLineStart,
			String logLineEnd) throws Exception {
		try (NearCacheLog log = new NearCacheLog()) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connectionFactory);
			repository.setNamespace("off-" + UUID.randomUUID().toString().substring(0, 8));
			repository.setNearCache(NearCacheOptions.defaults());
			await().atMost(Duration.ofSeconds(5)).until(() -> !log.lines().isEmpty());
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "andrew");
			repository.save(session);
			try (RedisMonitor monitor = RedisMonitor.attach(this.server)) {
				for (int i = 0; i < 3; i++) {
					List<RedisMonitor.MonitoredCommand> commands = RedisMonitor.clientCommands(monitor.record(
							() -> assertThat(ownSession(repository, session.getId()).<String>getAttribute("username"))
								.isEqualTo("andrew")));
					assertThat(commands).extracting(RedisMonitor.MonitoredCommand::name).contains("EVALSHA");
				}
			}
			assertThat(repository.isNearCacheActive()).isFalse();
			assertThat(log.lines()).singleElement().asString().startsWith(logLineStart).endsWith(logLineEnd);
			assertThat(repository.getNearCacheHitCount()).isZero();
			assertThat(this.server.command("TTL", repository.getNamespace() + ":" + session.getId()))
				.isIn("1859", "1860");
			repository.destroy();
		}
	}

	private static RedisHashSession ownSession(RedisHashSessionRepository repository, String id) {
		try (RedisHashSessionRepository.RequestScope scope = repository.openRequestScope(List.of(id))) {
			return repository.findById(id);
		}
	}

}
