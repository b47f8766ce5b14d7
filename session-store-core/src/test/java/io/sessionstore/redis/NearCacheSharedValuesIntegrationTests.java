package io.sessionstore.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.context.SecurityContext;

import static io.sessionstore.redis.SignedInUsers.signedIn;
import static io.sessionstore.redis.SignedInUsers.username;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The requests that one node serves from its cached copy of a session share the decoded
 * values of immutable types and of the types the options declare shared (Spring
 * Security's {@code SecurityContextImpl} by default), so that a signed-in user's
 * {@code SecurityContext} is decoded once per copy rather than once per request; values of
 * other types are decoded for each request, as without the near cache.
 */
@WithRedis
class NearCacheSharedValuesIntegrationTests extends SharedValuesContract {

	private final RedisServer server;

	private String namespace;

	private NearCacheNode a;

	private NearCacheNode b;

	NearCacheSharedValuesIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@BeforeEach
	void startNodes() {
		this.namespace = "shared-" + UUID.randomUUID().toString().substring(0, 8);
		this.a = new NearCacheNode(this.server, this.namespace, NearCacheOptions.defaults());
		this.b = node((repository) -> {
		});
	}

	@AfterEach
	void stopNodes() {
		this.a.close();
		this.b.close();
	}

	private NearCacheNode node(Consumer<RedisHashSessionRepository> customizer) {
		return new NearCacheNode(new TestRedisConnections(this.server), this.namespace, NearCacheOptions.defaults(),
				(repository) -> {
					repository.setAttributeCodec(this.codecOfB);
					customizer.accept(repository);
				});
	}

	@Override
	RedisHashSessionRepository repositoryOfA() {
		return this.a.repository();
	}

	@Override
	RedisHashSession requestOnB(String id) {
		return this.b.ownSession(id);
	}

	@Override
	void writeSeenByB(Runnable writeOnA) {
		LongSupplier invalidations = this.b.repository()::getNearCacheInvalidationCount;
		long invalidationsBefore = invalidations.getAsLong();
		writeOnA.run();
		await().atMost(Duration.ofSeconds(5)).until(() -> invalidations.getAsLong() > invalidationsBefore);
	}

	@Test
	void requestsServedFromTheCachedCopyShareItsValuesWithoutARoundTrip() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));

		Object first = readOnB(session.getId(), SECURITY_CONTEXT);
		Object second = readOnB(session.getId(), SECURITY_CONTEXT);

		assertThat(second).isSameAs(first);
		assertThat(this.b.repository().getNearCacheHitCount()).isOne();
	}

	@Test
	void immutableValuesAreSharedToo() {
		RedisHashSession session = savedOnA(Map.of("username", "andrew", "page_views", 41L));

		Object username = readOnB(session.getId(), "username");
		Object pageViews = readOnB(session.getId(), "page_views");

		assertThat(readOnB(session.getId(), "username")).isSameAs(username).isEqualTo("andrew");
		assertThat(readOnB(session.getId(), "page_views")).isSameAs(pageViews).isEqualTo(41L);
		assertThat(this.codecOfB.decodes("username")).isOne();
		assertThat(this.codecOfB.decodes("page_views")).isOne();
	}

	@Test
	void sharingIsOffForEveryTypeButTheImmutableOnesWhenNoTypeIsDeclaredShared() {
		this.b.close();
		this.b = node((repository) -> repository.setSharedValues(SharedValueOptions.builder().types(Set.of()).build()));
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));

		Object first = readOnB(session.getId(), SECURITY_CONTEXT);
		Object second = readOnB(session.getId(), SECURITY_CONTEXT);

		assertThat(second).isNotSameAs(first);
		assertThat(username(second)).isEqualTo("andrew");
		assertThat(this.codecOfB.decodes(SECURITY_CONTEXT)).isEqualTo(2);
	}

	@Test
	void sharedValueChangedInPlaceAndSetAgainIsWrittenAndNotServedFromTheOldCopy() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));
		RedisHashSession request = this.b.ownSession(session.getId());
		SecurityContext context = request.getAttribute(SECURITY_CONTEXT);

		context.setAuthentication(signedIn("rob").getAuthentication());
		request.setAttribute(SECURITY_CONTEXT, context);
		this.b.repository().save(request);

		assertThat(this.b.holds(session.getId())).isFalse();
		assertThat(username(readOnB(session.getId(), SECURITY_CONTEXT))).isEqualTo("rob");
		assertThat(username(this.a.ownSession(session.getId()).getAttribute(SECURITY_CONTEXT))).isEqualTo("rob");
		assertThat(this.a.repository().findByPrincipalName("rob")).containsOnlyKeys(session.getId());
	}

}
