package io.sessionstore.sample;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code GET /session-ttl} with {@code {"exists":…,"ttl":…}}: the remaining TTL
 * of the session that the request's own cookie names, asking Redis {@code TTL} directly.
 * It is registered before Spring Session's filter and Spring Security and ends the
 * request itself, so the probe never loads, extends or creates a session.
 */
class SessionTtlProbeFilter extends OncePerRequestFilter {

	static final String PATH = "/session-ttl";

	private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

	private final StringRedisTemplate redis;

	private final CookieSerializer cookieSerializer;

	private final String keyPrefix;

	SessionTtlProbeFilter(StringRedisTemplate redis, CookieSerializer cookieSerializer, String namespace) {
		this.redis = redis;
		this.cookieSerializer = cookieSerializer;
		this.keyPrefix = namespace + ":";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String sessionId = sessionId(request);
		Long ttl = (sessionId != null) ? this.redis.getExpire(this.keyPrefix + sessionId) : null;
		boolean exists = ttl != null && ttl != -2;
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.getWriter().write("{\"exists\":" + exists + ",\"ttl\":" + (exists ? ttl : -2) + "}");
	}

	private @Nullable String sessionId(HttpServletRequest request) {
		return this.cookieSerializer.readCookieValues(request)
			.stream()
			.filter((id) -> WELL_FORMED_ID.matcher(id).matches())
			.findFirst()
			.orElse(null);
	}

}
