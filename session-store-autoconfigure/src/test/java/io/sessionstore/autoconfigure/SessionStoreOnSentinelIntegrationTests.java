package io.sessionstore.autoconfigure;

import java.time.Duration;

import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionStoreUnavailableException;
import io.sessionstore.testsupport.RedisSentinelSet;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured repository on Redis Sentinel, configured by Boot's
 * {@code spring.data.redis.sentinel.*} properties alone.
 */
class SessionStoreOnSentinelIntegrationTests {

	@Test
	void dedicatedConnectionFollowsTheSentinelsToThePromotedReplicaWhenTheMasterIsKilled() {
		try (RedisSentinelSet set = RedisServers.startSentinelSet()) {
			contextRunner(set).run((context) -> {
				LettuceConnectionFactory sessions = (LettuceConnectionFactory) context
					.getBean(SessionRedisConnection.class)
					.connectionFactory();
				assertThat(sessions.getSentinelConfiguration()).isNotNull();
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				RedisHashSession session = repository.createSession();
				session.setAttribute("greeting", "hello");
				repository.save(session);
				String key = "session:sentinel-test:" + session.getId();
				assertThat(set.master().command("HGET", key, "greeting")).isEqualTo("hello");
				assertThat(set.master().command("WAIT", "1", "5000")).isEqualTo("1");

				RedisServer promoted = set.awaitNewMaster(set.killMaster());

				await().atMost(Duration.ofSeconds(15))
					.ignoreExceptionsInstanceOf(SessionStoreUnavailableException.class)
					.until(() -> repository.findById(session.getId()) != null);
				RedisHashSession found = repository.findById(session.getId());
				assertThat((Object) found.getAttribute("greeting")).isEqualTo("hello");
				found.setAttribute("greeting", "after the failover");
				repository.save(found);
				assertThat(promoted.command("HGET", key, "greeting")).isEqualTo("after the failover");
			});
		}
	}

	@Test
	void dedicatedConnectionMovesToTheNewMasterAsSoonAsTheSentinelsAnnounceItWhileTheOldOneStillRuns() {
		try (RedisSentinelSet set = RedisServers.startSentinelSet()) {
			contextRunner(set).run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				repository.save(repository.createSession());

				RedisServer old = set.failover();
				RedisServer promoted = set.awaitNewMaster(old);

				await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
					RedisHashSession session = repository.createSession();
					repository.save(session);
					assertThat(promoted.command("EXISTS", "session:sentinel-test:" + session.getId())).isEqualTo("1");
				});
				assertThat(old.command("ROLE")).startsWith("master");
			});
		}
	}

	@Test
	void nearCacheTracksOnTheNewMasterAsSoonAsTheSentinelsAnnounceItWhileTheOldOneStillRuns() {
		try (RedisSentinelSet set = RedisServers.startSentinelSet()) {
			contextRunner(set).withPropertyValues("session-store.near-cache.enabled=true").run((context) -> {
				RedisHashSessionRepository repository = context.getBean(RedisHashSessionRepository.class);
				await().atMost(Duration.ofSeconds(10)).until(repository::isNearCacheActive);
				assertThat(set.master().trackingClients()).isOne();

				RedisServer old = set.failover();
				RedisServer promoted = set.awaitNewMaster(old);

				await().atMost(Duration.ofSeconds(2))
					.untilAsserted(() -> assertThat(promoted.trackingClients()).isOne());
				assertThat(old.trackingClients()).isZero();
				assertThat(old.command("ROLE")).startsWith("master");
				await().atMost(Duration.ofSeconds(5)).until(repository::isNearCacheActive);
			});
		}
	}

	private static WebApplicationContextRunner contextRunner(RedisSentinelSet set) {
		return new WebApplicationContextRunner(AnnotationConfigServletWebApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionStoreAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.sentinel.master=" + set.masterName(),
					"spring.data.redis.sentinel.nodes=" + String.join(",", set.sentinelAddresses()),
					"session-store.namespace=session:sentinel-test");
	}

}
