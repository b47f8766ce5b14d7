package io.sessionstore.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code GET /session-ttl} with the remaining TTL of the session named by the
 * request's own cookie, asking Redis directly. It runs before Spring Session's filter,
 * so the probe never touches, extends or creates a session.
 */
class SessionTtlProbeFilter extends OncePerRequestFilter {

	static final String PATH = "/session-ttl";

	private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

	private final StringRedisTemplate redis;

	private final String cookieName;

	private final String keyPrefix;

	SessionTtlProbeFilter(StringRedisTemplate redis, String cookieName, String namespace) {
		this.redis = redis;
		this.cookieName = cookieName;
		this.keyPrefix = namespace + ":";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String sessionId = sessionId(request);
		Long ttl = (sessionId != null) ? this.redis.getExpire(this.keyPrefix + sessionId) : null;
		boolean exists = ttl != null && ttl != -2;
		response.setContentType("application/json");
		response.setHeader("Cache-Control", "no-store");
		response.getWriter().write("{\"exists\":" + exists + ",\"ttl\":" + (exists ? ttl : -2) + "}");
	}

	private @Nullable String sessionId(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.cookieName.equals(cookie.getName())) {
				String id = decode(cookie.getValue());
				return (id != null && SESSION_ID.matcher(id).matches()) ? id : null;
			}
		}
		return null;
	}

	private static @Nullable String decode(String value) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
