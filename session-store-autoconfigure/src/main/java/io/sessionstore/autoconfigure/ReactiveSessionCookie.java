package io.sessionstore.autoconfigure;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.http.ResponseCookie.ResponseCookieBuilder;
import org.springframework.web.server.session.CookieWebSessionIdResolver;

/**
 * Applies {@code server.reactive.session.cookie.*} to the WebFlux session cookie. Only the
 * attributes that are set change the resolver's defaults, so the cookie stays HttpOnly
 * and SameSite=Lax unless told otherwise: Spring Boot 4.1.0's own resolver clears
 * SameSite when {@code same-site} is not set.
 */
final class ReactiveSessionCookie {

	private ReactiveSessionCookie() {
	}

	static void apply(Cookie cookie, CookieWebSessionIdResolver resolver) {
		PropertyMapper.get().from(cookie::getName).whenHasText().to(resolver::setCookieName);
		resolver.addCookieInitializer((builder) -> initialize(cookie, builder));
	}

	private static void initialize(Cookie cookie, ResponseCookieBuilder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(cookie::getDomain).to(builder::domain);
		map.from(cookie::getPath).to(builder::path);
		map.from(cookie::getHttpOnly).to(builder::httpOnly);
		map.from(cookie::getSecure).to(builder::secure);
		map.from(cookie::getMaxAge).to(builder::maxAge);
		map.from(cookie::getPartitioned).to(builder::partitioned);
		map.from(cookie::getSameSite).as(SameSite::attributeValue).to(builder::sameSite);
	}

}
