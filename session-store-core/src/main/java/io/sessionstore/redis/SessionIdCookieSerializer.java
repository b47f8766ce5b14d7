package io.sessionstore.redis;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.util.Assert;

/**
 * A {@link CookieSerializer} for Servlet applications whose session cookie names the same
 * session as a WebFlux application's. It reads a session ID in either form a cookie may
 * carry: raw, as WebFlux's {@code CookieWebSessionIdResolver} and
 * {@link SessionIdCookieWebSessionIdResolver} write it, or base64-encoded, as Spring
 * Session's {@link DefaultCookieSerializer} writes it by default, so that cookies issued
 * before a switch to raw IDs keep their sessions. It writes through the serializer it
 * decorates; the serializer of {@link #SessionIdCookieSerializer()} writes the raw ID.
 * <p>
 * The two forms cannot be confused: a session ID is made of base64url characters, and
 * its base64 form is longer and, for the IDs of {@link SecureRandomSessionIdGenerator},
 * ends in {@code =}.
 * <p>
 * A request's cookie is read once: Spring Session's filter and session-store's lookup
 * filter ask for it up to three times per request, and the answer is kept in a request
 * attribute.
 */
public final class SessionIdCookieSerializer implements CookieSerializer {

	private final CookieSerializer delegate;

	private final String readValuesAttribute = SessionIdCookieSerializer.class.getName() + ".values@"
			+ Integer.toHexString(System.identityHashCode(this));

	/**
	 * Create a serializer that writes the raw session ID in Spring Session's default
	 * cookie ({@code SESSION}, HttpOnly, SameSite=Lax).
	 */
	public SessionIdCookieSerializer() {
		this(rawIdCookieSerializer());
	}

	/**
	 * Create a serializer that writes and reads cookies through the given one and also
	 * accepts the other form of the ID. For raw IDs, the given serializer must not
	 * base64-encode them ({@link DefaultCookieSerializer#setUseBase64Encoding(boolean)}).
	 * @param delegate the serializer that writes the cookie
	 */
	public SessionIdCookieSerializer(CookieSerializer delegate) {
		Assert.notNull(delegate, "delegate must not be null");
		this.delegate = delegate;
	}

	@Override
	public void writeCookieValue(CookieValue cookieValue) {
		this.delegate.writeCookieValue(cookieValue);
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<String> readCookieValues(HttpServletRequest request) {
		Object read = request.getAttribute(this.readValuesAttribute);
		if (read != null) {
			return (List<String>) read;
		}
		List<String> values = List.copyOf(SessionIdCookieValues.sessionIds(this.delegate.readCookieValues(request)));
		request.setAttribute(this.readValuesAttribute, values);
		return values;
	}

	private static DefaultCookieSerializer rawIdCookieSerializer() {
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		serializer.setUseBase64Encoding(false);
		return serializer;
	}

}
