package io.sessionstore.redis;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the session store's failures raised inside Spring MVC before the application's
 * own exception handlers could turn them into a 500: a
 * {@link SessionStoreUnavailableException} with HTTP 503 and {@code Retry-After}, a
 * {@link SessionSizeExceededException} with HTTP 413. Outside MVC,
 * {@link SessionLookupCacheFilter} does the same.
 */
public final class SessionStoreExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(SessionStoreExceptionResolver.class);

	private final long retryAfterSeconds;

	/**
	 * Create a resolver.
	 * @param retryAfterSeconds the {@code Retry-After} value sent with HTTP 503
	 */
	public SessionStoreExceptionResolver(long retryAfterSeconds) {
		Assert.isTrue(retryAfterSeconds >= 0, "retryAfterSeconds must not be negative");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (response.isCommitted()) {
			return null;
		}
		RuntimeException failure = SessionStoreFailures.find(ex);
		if (failure instanceof SessionStoreUnavailableException) {
			logger.warn(failure.getMessage() + ": answering 503");
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", Long.toString(this.retryAfterSeconds));
			return new ModelAndView();
		}
		if (failure instanceof SessionSizeExceededException) {
			logger.warn(failure.getMessage() + ": answering 413");
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return new ModelAndView();
		}
		return null;
	}

	/**
	 * Return {@link Ordered#HIGHEST_PRECEDENCE}, so that the resolver runs before the
	 * application's own.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
