package io.sessionstore.redis;

import java.util.List;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.CookieWebSessionIdResolver;

/**
 * A {@link CookieWebSessionIdResolver} for WebFlux applications whose session cookie
 * names the same session as a Servlet application's. It writes the raw session ID, as
 * WebFlux does, in an HttpOnly, SameSite=Lax cookie unless a cookie initializer says
 * otherwise, and reads an ID in either form a cookie may carry: raw, or base64-encoded as
 * Spring Session's Servlet {@code DefaultCookieSerializer} writes it by default.
 * <p>
 * The two forms cannot be confused: a session ID is made of base64url characters, and
 * its base64 form is longer and, for the IDs of {@link SecureRandomSessionIdGenerator},
 * ends in {@code =}.
 *
 * @see SessionIdCookieSerializer
 */
public class SessionIdCookieWebSessionIdResolver extends CookieWebSessionIdResolver {

	@Override
	public List<String> resolveSessionIds(ServerWebExchange exchange) {
		return SessionIdCookieValues.sessionIds(super.resolveSessionIds(exchange));
	}

}
