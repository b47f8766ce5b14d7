package io.sessionstore.starter;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a Boot application with only the starter and
 * {@code session-store.near-cache.enabled=true}, on one Redis, one user's browser going
 * from one to the other: a change on one instance is seen by the other once Redis's
 * invalidation has reached it, and a logout there ends the session on both.
 */
class NearCacheStarterIntegrationTests {

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeEach
	void startInstances() {
		String namespace = "session:near-" + UUID.randomUUID().toString().substring(0, 8);
		this.a = start(namespace);
		this.b = start(namespace);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> repository(this.a).isNearCacheActive() && repository(this.b).isNearCacheActive());
	}

	@AfterEach
	void stopInstances() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
	}

	private static ConfigurableApplicationContext start(String namespace) {
		RedisServer server = RedisServers.shared();
		return new SpringApplicationBuilder(StarterTestApplication.class)
			.properties("server.port=0", "server.servlet.session.cookie.name=sid",
					"spring.data.redis.host=" + server.host(), "spring.data.redis.port=" + server.port(),
					"spring.security.user.name=andrew", "spring.security.user.password=secret",
					"session-store.namespace=" + namespace, "session-store.near-cache.enabled=true")
			.run();
	}

	private static RedisHashSessionRepository repository(ConfigurableApplicationContext context) {
		return context.getBean(RedisHashSessionRepository.class);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private void awaitInvalidationOnB(Runnable change) {
		LongSupplier invalidations = repository(this.b)::getNearCacheInvalidationCount;
		long before = invalidations.getAsLong();
		change.run();
		await().atMost(Duration.ofSeconds(5)).until(() -> invalidations.getAsLong() > before);
	}

	@Test
	void attributeChangedOnOneInstanceIsSeenOnTheOtherAfterItsInvalidation() {
		Browser onA = new Browser(port(this.a), "sid");
		onA.postForm("/public/attribute", Map.of("name", "greeting", "value", "hello"));
		Browser onB = onA.onPort(port(this.b));
		assertThat(onB.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
		long hits = repository(this.b).getNearCacheHitCount();
		assertThat(onB.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
		assertThat(repository(this.b).getNearCacheHitCount()).isGreaterThan(hits);

		awaitInvalidationOnB(() -> onA.postForm("/public/attribute", Map.of("name", "greeting", "value", "bye")));

		assertThat(onB.get("/public/attribute?name=greeting").body()).isEqualTo("bye");
	}

	@Test
	void logoutOnOneInstanceEndsTheSessionOnTheOther() {
		Browser onA = new Browser(port(this.a), "sid");
		assertThat(onA.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		Browser onB = onA.onPort(port(this.b));
		assertThat(onB.get("/me").body()).isEqualTo("andrew");
		assertThat(onB.get("/me").body()).isEqualTo("andrew");

		awaitInvalidationOnB(() -> assertThat(onA.post("/logout").statusCode()).isEqualTo(302));

		assertThat(onB.get("/me").statusCode()).isEqualTo(302);
	}

}
