package io.sessionstore.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository contract with the JDK serialization codec, which keeps integers as
 * decimal text so that counters work as with the JSON codec.
 */
@WithRedis
class RedisHashSessionRepositoryJdkCodecIntegrationTests extends RedisHashSessionRepositoryContract {

	private final RedisServer server;

	RedisHashSessionRepositoryJdkCodecIntegrationTests(RedisServer server) {
		super(server);
		this.server = server;
	}

	@Override
	void configure(RedisHashSessionRepository repository) {
		repository.setAttributeCodec(JdkSerializationAttributeCodec.builder()
			.filter(ObjectInputFilter.Config.createFilter("java.base/*;!*"))
			.build());
	}

	@Test
	void counterStoredJavaSerializedKeepsCountingAsDecimalText() throws IOException {
		try (TestRedisConnections connections = new TestRedisConnections(this.server)) {
			RedisHashSessionRepository repository = new RedisHashSessionRepository(connections.connectionFactory());
			repository.setNamespace("jdk-" + UUID.randomUUID().toString().substring(0, 8));
			configure(repository);
			RedisHashSession session = repository.createSession();
			session.setAttribute("username", "andrew");
			repository.save(session);
			String key = repository.getNamespace() + ":" + session.getId();
			try (RedisConnection connection = connections.connectionFactory().getConnection()) {
				connection.hashCommands().hSet(bytes(key), bytes("visits"), javaSerialized(5L));
				connection.hashCommands().hSet(bytes(key), bytes("attribute_types"),
						bytes("{\"visits\":\"java-serialization:java.lang.Long\"}"));
			}

			RedisHashSession found = repository.findById(session.getId());
			assertThat(found.incrementAttribute("visits", 1)).isEqualTo(6L);
			repository.save(found);

			assertThat(connections.cli().hget(key, "visits")).isEqualTo("6");
			assertThat(repository.findById(session.getId()).<Long>getAttribute("visits")).isEqualTo(6L);
			assertThat(repository.incrementAttribute(session.getId(), "visits", 1)).isEqualTo(7L);
		}
	}

	private static byte[] javaSerialized(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
			output.writeObject(value);
		}
		return bytes.toByteArray();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
