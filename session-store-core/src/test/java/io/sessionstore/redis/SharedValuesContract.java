package io.sessionstore.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.sessionstore.redis.SignedInUsers.signedIn;
import static io.sessionstore.redis.SignedInUsers.username;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What two nodes on one Redis show of shared decoded values, whether node B reads its
 * sessions from its near cache or from Redis: a session's requests on B share the value
 * of a shared type (Spring Security's {@code SecurityContextImpl} by default) while the
 * attribute's bytes are unchanged, and decode values of other types for each request.
 */
abstract class SharedValuesContract {

	static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

	final DecodeCountingCodec codecOfB = new DecodeCountingCodec();

	/**
	 * Return the repository of node A, which writes the sessions node B reads.
	 */
	abstract RedisHashSessionRepository repositoryOfA();

	/**
	 * Load a session on node B as a request for it does.
	 */
	abstract RedisHashSession requestOnB(String id);

	/**
	 * Make a write on node A and return once node B may see it.
	 */
	void writeSeenByB(Runnable writeOnA) {
		writeOnA.run();
	}

	/**
	 * Save a new session with these attributes on node A.
	 */
	final RedisHashSession savedOnA(Map<String, Object> attributes) {
		RedisHashSession session = repositoryOfA().createSession();
		attributes.forEach(session::setAttribute);
		repositoryOfA().save(session);
		return session;
	}

	/**
	 * Set an attribute of a session on node A, and return once node B may see it.
	 */
	final void setOnA(String id, String attributeName, Object value) {
		writeSeenByB(() -> {
			RedisHashSession onA = repositoryOfA().findById(id);
			onA.setAttribute(attributeName, value);
			repositoryOfA().save(onA);
		});
	}

	final @Nullable Object readOnB(String id, String attributeName) {
		return requestOnB(id).getAttribute(attributeName);
	}

	@Test
	void securityContextIsDecodedOnceWhileItsBytesInRedisAreUnchanged() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));

		Object first = readOnB(session.getId(), SECURITY_CONTEXT);
		Object second = readOnB(session.getId(), SECURITY_CONTEXT);
		Object third = readOnB(session.getId(), SECURITY_CONTEXT);

		assertThat(username(first)).isEqualTo("andrew");
		assertThat(second).isSameAs(first);
		assertThat(third).isSameAs(first);
		assertThat(this.codecOfB.decodes(SECURITY_CONTEXT)).isOne();
	}

	@Test
	void valueWrittenByAnotherNodeIsDecodedAfreshAndThenShared() {
		RedisHashSession session = savedOnA(Map.of(SECURITY_CONTEXT, signedIn("andrew")));
		Object before = readOnB(session.getId(), SECURITY_CONTEXT);

		setOnA(session.getId(), SECURITY_CONTEXT, signedIn("rob"));

		Object after = readOnB(session.getId(), SECURITY_CONTEXT);
		assertThat(username(after)).isEqualTo("rob");
		assertThat(username(before)).isEqualTo("andrew");
		assertThat(readOnB(session.getId(), SECURITY_CONTEXT)).isSameAs(after);
		assertThat(this.codecOfB.decodes(SECURITY_CONTEXT)).isEqualTo(2);
	}

	@Test
	void valueOfAnotherTypeIsDecodedForEachRequestSoThatChangingItInPlaceStaysInTheRequest() {
		RedisHashSession session = savedOnA(Map.of("cart", new ArrayList<>(List.of("book"))));

		List<String> first = requestOnB(session.getId()).getAttribute("cart");
		first.add("pen");
		List<String> second = requestOnB(session.getId()).getAttribute("cart");

		assertThat(second).isNotSameAs(first).containsExactly("book");
		assertThat(this.codecOfB.decodes("cart")).isEqualTo(2);
	}

}
