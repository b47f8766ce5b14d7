package io.sessionstore.redis;

import java.util.Map;
import java.util.UUID;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.security.core.context.SecurityContext;

import static io.sessionstore.redis.SignedInUsers.signedIn;
import static io.sessionstore.redis.SignedInUsers.username;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the near cache, each request reads its session from Redis, but the requests of
 * one session on one node share the value last decoded for an attribute of a shared type
 * (Spring Security's {@code SecurityContextImpl} by default) while the attribute's bytes in
 * Redis are the ones it was decoded from, as in-memory sessions share their attributes.
 */
@WithRedis
class SharedValuesIntegrationTests extends SharedValuesContract {

	private final TestRedisConnections connectionsOfA;

	private final TestRedisConnections connectionsOfB;

	private final String namespace = "values-" + UUID.randomUUID().toString().substring(0, 8);

	private RedisHashSessionRepository a;

	private RedisHashSessionRepository b;

	SharedValuesIntegrationTests(RedisServer server) {
		this.connectionsOfA = new TestRedisConnections(server);
		this.connectionsOfB = new TestRedisConnections(server);
	}

	@BeforeEach
	void createRepositories() {
		this.a = new RedisHashSessionRepository(this.connectionsOfA.connectionFactory());
		this.a.setNamespace(this.namespace);
		this.b = new RedisHashSessionRepository(this.connectionsOfB.connectionFactory());
		this.b.setNamespace(this.namespace);
		this.b.setAttributeCodec(this.codecOfB);
	}

	@AfterEach
	void closeConnections() {
		this.connectionsOfA.close();
		this.connectionsOfB.close();
	}

	@Override
	RedisHashSessionRepository repositoryOfA() {
		return this.a;
	}

	@Override
	RedisHashSession requestOnB(String id) {
		return this.b.findById(id);
	}

	@Test
	void sessionsWithEqualBytesDoNotShareTheirValues() {
		RedisHashSession first = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));
		RedisHashSession second = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));

		SecurityContext ofFirst = (SecurityContext) readOnB(first.getId(), SECURITY_CONTEXT);
		ofFirst.setAuthentication(null);
		Object ofSecond = readOnB(second.getId(), SECURITY_CONTEXT);

		assertThat(ofSecond).isNotSameAs(ofFirst);
		assertThat(username(ofSecond)).isEqualTo("andrew");
	}

	@Test
	void rotatedIdDecodesItsValueAgain() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));
		Object beforeRotation = readOnB(session.getId(), SECURITY_CONTEXT);
		RedisHashSession rotating = this.b.findById(session.getId());
		String newId = rotating.changeSessionId();
		this.b.save(rotating);

		Object afterRotation = readOnB(newId, SECURITY_CONTEXT);

		assertThat(afterRotation).isNotSameAs(beforeRotation);
		assertThat(username(afterRotation)).isEqualTo("andrew");
		assertThat(readOnB(newId, SECURITY_CONTEXT)).isSameAs(afterRotation);
	}

	@Test
	void reactiveRepositoryReusesTheValueDecodedForTheSameBytesToo() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));
		ReactiveRedisHashSessionRepository reactive = new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) this.connectionsOfB.connectionFactory());
		reactive.setNamespace(this.namespace);

		Object first = reactive.findById(session.getId()).block().getAttribute(SECURITY_CONTEXT);
		Object second = reactive.findById(session.getId()).block().getAttribute(SECURITY_CONTEXT);

		assertThat(username(first)).isEqualTo("andrew");
		assertThat(second).isSameAs(first);
	}

	@Test
	void eachRequestDecodesItsOwnValuesWhenSharingIsOff() {
		this.b.setSharedValues(null);
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew"), "username", "andrew"));

		Object first = readOnB(session.getId(), SECURITY_CONTEXT);
		Object second = readOnB(session.getId(), SECURITY_CONTEXT);

		assertThat(second).isNotSameAs(first);
		assertThat(username(second)).isEqualTo("andrew");
		assertThat(readOnB(session.getId(), "username")).isEqualTo("andrew");
		assertThat(this.codecOfB.decodes(SECURITY_CONTEXT)).isEqualTo(2);
	}

	@Test
	void noValueIsKeptOutsideTheNearCacheWithNoEntriesAllowed() {
		this.b.setSharedValues(SharedValueOptions.builder().maximumEntries(0).build());
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));

		Object first = readOnB(session.getId(), SECURITY_CONTEXT);
		Object second = readOnB(session.getId(), SECURITY_CONTEXT);

		assertThat(second).isNotSameAs(first);
		assertThat(this.codecOfB.decodes(SECURITY_CONTEXT)).isEqualTo(2);
		assertThat(this.b.settings.sharedValueCount()).isZero();
	}

}
