package io.sessionstore.starter;

import java.net.http.HttpResponse;
import java.util.Map;

import io.sessionstore.testsupport.RedisServer;
import io.sessionstore.testsupport.RedisServers;
import io.sessionstore.webflux.WebFluxTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Servlet application and a WebFlux application, both on the starter with nothing but
 * properties, the same Redis server and the same cookie name, such as a backend and the
 * gateway in front of it: one browser cookie names one session in both, whichever
 * application issued it, including a login and its ID change.
 */
class ServletAndWebFluxShareSessionsIntegrationTests {

	private static final RedisServer redis = RedisServers.shared();

	private static ConfigurableApplicationContext servlet;

	private static ConfigurableApplicationContext webFlux;

	@BeforeAll
	static void startApplications() {
		servlet = start(StarterTestApplication.class, "servlet", "server.servlet.session.cookie.name=sid");
		webFlux = start(WebFluxTestApplication.class, "reactive", "server.reactive.session.cookie.name=sid");
	}

	@AfterAll
	static void stopApplications() {
		servlet.close();
		webFlux.close();
	}

	@Test
	void sessionStartedOnTheServletApplicationIsTheWebFluxApplicationsToo() {
		Browser onServlet = new Browser(port(servlet), "sid");
		String id = onServlet.postForm("/public/attribute", Map.of("name", "greeting", "value", "from servlet"))
			.body();
		Browser onWebFlux = onServlet.onPort(port(webFlux));

		assertThat(onWebFlux.get("/public/attribute?name=greeting").body()).isEqualTo("from servlet");
		HttpResponse<String> written = onWebFlux.post("/public/attribute?name=greeting&value=from%20webflux");

		assertThat(written.body()).isEqualTo(id);
		assertThat(onWebFlux.sessionId()).isEqualTo(id);
		assertThat(onServlet.get("/public/attribute?name=greeting").body()).isEqualTo("from webflux");
	}

	@Test
	void sessionStartedOnTheWebFluxApplicationIsTheServletApplicationsToo() {
		Browser onWebFlux = new Browser(port(webFlux), "sid");
		String id = onWebFlux.post("/public/attribute?name=greeting&value=from%20webflux").body();
		Browser onServlet = onWebFlux.onPort(port(servlet));

		assertThat(onServlet.get("/public/attribute?name=greeting").body()).isEqualTo("from webflux");
		assertThat(onServlet.postForm("/public/attribute", Map.of("name", "greeting", "value", "from servlet"))
			.body()).isEqualTo(id);
		assertThat(onWebFlux.get("/public/attribute?name=greeting").body()).isEqualTo("from servlet");
	}

	@Test
	void loginOnTheWebFluxApplicationIsALoginOnTheServletApplication() {
		Browser onWebFlux = new Browser(port(webFlux), "sid");
		onWebFlux.post("/public/attribute?name=greeting&value=hello");
		assertThat(onWebFlux.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		Browser onServlet = onWebFlux.onPort(port(servlet));

		assertThat(onServlet.get("/me").body()).isEqualTo("andrew");
		assertThat(onServlet.get("/public/attribute?name=greeting").body()).isEqualTo("hello");
	}

	@Test
	void loginOnTheServletApplicationIsALoginOnTheWebFluxApplication() {
		Browser onServlet = new Browser(port(servlet), "sid");
		assertThat(onServlet.logIn("andrew", "secret").statusCode()).isEqualTo(302);
		Browser onWebFlux = onServlet.onPort(port(webFlux));

		assertThat(onWebFlux.get("/me").body()).isEqualTo("andrew");
	}

	private static ConfigurableApplicationContext start(Class<?> application, String type, String cookieName) {
		return new SpringApplicationBuilder(application)
			.properties("spring.main.web-application-type=" + type, "server.port=0", cookieName,
					"spring.security.user.name=andrew", "spring.security.user.password=secret",
					"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
			.run();
	}

	private static int port(ConfigurableApplicationContext application) {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

}
