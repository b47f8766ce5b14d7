package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.session.web.http.DefaultCookieSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The session cookie of Servlet and WebFlux applications: the raw ID is written, and the
 * raw ID and its base64 form are both read as the same session ID.
 */
class SessionIdCookieFormsTests {

	private final String id = new SecureRandomSessionIdGenerator().generate();

	private final String base64Id = Base64.getEncoder().encodeToString(this.id.getBytes(StandardCharsets.US_ASCII));

	@Test
	void base64FormOfAGeneratedIdIsLongerAndPaddedSoTheFormsCannotBeConfused() {
		assertThat(this.id).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(this.base64Id).hasSize(60).endsWith("=");
		assertThat(SessionIdCookieValues.sessionId(this.id)).isEqualTo(this.id);
		assertThat(SessionIdCookieValues.sessionId(this.base64Id)).isEqualTo(this.id);
	}

	@Test
	void valueOfNeitherFormIsPassedOnAsItIsForTheRepositoryToTreatAsAbsent() {
		String malformed = Base64.getEncoder().encodeToString("../../etc:passwd".getBytes(StandardCharsets.US_ASCII));
		assertThat(SessionIdCookieValues.sessionId(malformed)).isEqualTo(malformed);
		assertThat(SessionIdCookieValues.sessionId("%%%not-base64")).isEqualTo("%%%not-base64");
		assertThat(SessionIdCookieValues.sessionId("")).isEqualTo("");
	}

	@Test
	void servletSerializerWritesTheRawIdHttpOnlyAndSameSiteLax() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();

		new SessionIdCookieSerializer().writeCookieValue(new CookieValue(request, response, this.id));

		assertThat(response.getHeader("Set-Cookie")).startsWith("SESSION=" + this.id + ";")
			.contains("; HttpOnly")
			.contains("; SameSite=Lax");
	}

	@Test
	void servletSerializerReadsTheCookieOfARequestOnce() {
		DefaultCookieSerializer rawIds = new DefaultCookieSerializer();
		rawIds.setUseBase64Encoding(false);
		AtomicInteger reads = new AtomicInteger();
		SessionIdCookieSerializer serializer = new SessionIdCookieSerializer(new CookieSerializer() {

			@Override
			public void writeCookieValue(CookieValue cookieValue) {
				rawIds.writeCookieValue(cookieValue);
			}

			@Override
			public List<String> readCookieValues(HttpServletRequest request) {
				reads.incrementAndGet();
				return rawIds.readCookieValues(request);
			}

		});
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("SESSION", this.base64Id));
		MockHttpServletRequest another = new MockHttpServletRequest();
		another.setCookies(new Cookie("SESSION", this.id));

		assertThat(serializer.readCookieValues(request)).containsExactly(this.id);
		assertThat(serializer.readCookieValues(request)).containsExactly(this.id);
		assertThat(serializer.readCookieValues(another)).containsExactly(this.id);
		assertThat(reads).hasValue(2);
	}

	@Test
	void servletSerializerReadsBothFormsAsTheSameSession() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("SESSION", this.base64Id), new Cookie("SESSION", this.id),
				new Cookie("OTHER", this.id));

		assertThat(new SessionIdCookieSerializer().readCookieValues(request)).containsExactly(this.id);
	}

	@Test
	void servletSerializerRefusesNoSerializer() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionIdCookieSerializer(null))
			.withMessage("delegate must not be null");
	}

	@Test
	void webFluxResolverWritesTheRawIdHttpOnlyAndSameSiteLax() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

		new SessionIdCookieWebSessionIdResolver().setSessionId(exchange, this.id);

		ResponseCookie cookie = exchange.getResponse().getCookies().getFirst("SESSION");
		assertThat(cookie).isNotNull();
		assertThat(cookie.getValue()).isEqualTo(this.id);
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
	}

	@Test
	void webFluxResolverReadsBothFormsAsTheSameSession() {
		MockServerWebExchange base64 = MockServerWebExchange
			.from(MockServerHttpRequest.get("/").cookie(new HttpCookie("SESSION", this.base64Id)));
		MockServerWebExchange raw = MockServerWebExchange
			.from(MockServerHttpRequest.get("/").cookie(new HttpCookie("SESSION", this.id)));
		SessionIdCookieWebSessionIdResolver resolver = new SessionIdCookieWebSessionIdResolver();

		assertThat(resolver.resolveSessionIds(base64)).containsExactly(this.id);
		assertThat(resolver.resolveSessionIds(raw)).containsExactly(this.id);
	}

}
