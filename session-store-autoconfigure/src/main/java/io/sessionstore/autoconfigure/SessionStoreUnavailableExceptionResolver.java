package io.sessionstore.autoconfigure;

import io.sessionstore.redis.SessionStoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link SessionStoreUnavailableException} raised inside Spring MVC with HTTP
 * 503 and {@code Retry-After}, before the application's own exception handlers could turn
 * it into a 500. Outside MVC, {@link io.sessionstore.redis.SessionLookupCacheFilter} does
 * the same.
 */
final class SessionStoreUnavailableExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(SessionStoreUnavailableExceptionResolver.class);

	private final long retryAfterSeconds;

	SessionStoreUnavailableExceptionResolver(long retryAfterSeconds) {
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		SessionStoreUnavailableException unavailable = findUnavailable(ex);
		if (unavailable == null || response.isCommitted()) {
			return null;
		}
		logger.warn(unavailable.getMessage() + ": answering 503");
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", Long.toString(this.retryAfterSeconds));
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static @Nullable SessionStoreUnavailableException findUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SessionStoreUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

}
