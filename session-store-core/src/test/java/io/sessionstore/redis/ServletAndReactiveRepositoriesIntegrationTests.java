package io.sessionstore.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.WithRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Servlet and the reactive repository serve the same sessions: what one writes, the
 * other reads, changes and saves, and the first reads back.
 */
@WithRedis
class ServletAndReactiveRepositoriesIntegrationTests {

	private final RedisServer server;

	private TestRedisConnections connections;

	private RedisClusterCommands<String, String> cli;

	private RedisHashSessionRepository servlet;

	private ReactiveRedisHashSessionRepository reactive;

	ServletAndReactiveRepositoriesIntegrationTests(RedisServer server) {
		this.server = server;
	}

	@BeforeEach
	void createRepositories() {
		this.connections = new TestRedisConnections(this.server);
		this.cli = this.connections.cli();
		String namespace = "both-" + UUID.randomUUID().toString().substring(0, 8);
		this.servlet = new RedisHashSessionRepository(this.connections.connectionFactory());
		this.servlet.setNamespace(namespace);
		this.reactive = new ReactiveRedisHashSessionRepository(
				(ReactiveRedisConnectionFactory) this.connections.connectionFactory());
		this.reactive.setNamespace(namespace);
	}

	@AfterEach
	void closeConnections() {
		this.connections.close();
	}

	@Test
	void sessionOfTheServletRepositoryIsServedByTheReactiveOneAndBack() {
		RedisHashSession written = this.servlet.createSession();
		written.setAttribute("username", "andrew");
		written.setAttribute("page_views", 3L);
		written.setAttribute("tags", List.of("a", "b"));
		written.setAttribute("SPRING_SECURITY_CONTEXT", securityContext("andrew"));
		written.setMaxInactiveInterval(Duration.ofSeconds(600));
		this.servlet.save(written);

		RedisHashSession read = this.reactive.findById(written.getId()).block();
		assertThat(read.<String>getAttribute("username")).isEqualTo("andrew");
		assertThat(read.<List<String>>getAttribute("tags")).containsExactly("a", "b");
		assertThat(read.<SecurityContext>getAttribute("SPRING_SECURITY_CONTEXT").getAuthentication().getName())
			.isEqualTo("andrew");
		assertThat(read.getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(600));
		assertThat(this.reactive.incrementAttribute(read, "page_views", 2).block()).isEqualTo(5L);
		String newId = read.changeSessionId();
		read.setAttribute("colour", "blue");
		this.reactive.save(read).block();

		assertThat(this.servlet.findById(written.getId())).isNull();
		RedisHashSession readBack = this.servlet.findById(newId);
		assertThat(readBack.<String>getAttribute("username")).isEqualTo("andrew");
		assertThat(readBack.<Long>getAttribute("page_views")).isEqualTo(5L);
		assertThat(readBack.<String>getAttribute("colour")).isEqualTo("blue");
		assertThat(readBack.getCreationTime()).isEqualTo(written.getCreationTime());
		assertThat(this.servlet.findByPrincipalName("andrew")).containsOnlyKeys(newId);
		assertThat(this.cli.ttl(this.servlet.getNamespace() + ":" + newId)).isBetween(595L, 600L);
	}

	@Test
	void sessionOfTheReactiveRepositoryIsServedByTheServletOneAndBack() {
		RedisHashSession written = this.reactive.createSession().block();
		written.setAttribute("username", "bob");
		written.setAttribute("page_views", 1);
		written.setAttribute("SPRING_SECURITY_CONTEXT", securityContext("bob"));
		this.reactive.save(written).block();

		RedisHashSession read = this.servlet.findById(written.getId());
		assertThat(read.<String>getAttribute("username")).isEqualTo("bob");
		assertThat(read.<SecurityContext>getAttribute("SPRING_SECURITY_CONTEXT").getAuthentication().getName())
			.isEqualTo("bob");
		assertThat(read.incrementAttribute("page_views", 1)).isEqualTo(2);
		String newId = read.changeSessionId();
		read.removeAttribute("username");
		this.servlet.save(read);

		assertThat(this.reactive.findById(written.getId()).block()).isNull();
		RedisHashSession readBack = this.reactive.findById(newId).block();
		assertThat(readBack.getAttributeNames()).containsOnly("page_views", "SPRING_SECURITY_CONTEXT");
		assertThat(readBack.<Integer>getAttribute("page_views")).isEqualTo(2);
		assertThat(readBack.getCreationTime()).isEqualTo(written.getCreationTime());
		assertThat(this.reactive.findByPrincipalName("bob").block()).containsOnlyKeys(newId);
	}

	@Test
	void sessionDeletedByOneRepositoryIsGoneForTheOther() {
		RedisHashSession written = this.servlet.createSession();
		written.setAttribute("username", "andrew");
		this.servlet.save(written);
		RedisHashSession stale = this.servlet.findById(written.getId());

		this.reactive.deleteById(written.getId()).block();
		stale.setAttribute("colour", "blue");
		this.servlet.save(stale);

		assertThat(this.reactive.findById(written.getId()).block()).isNull();
		assertThat(this.servlet.findById(written.getId())).isNull();
	}

	private static SecurityContext securityContext(String name) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER")));
	}

}
