package io.sessionstore.redis;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.util.Assert;

/**
 * A filter placed just outside Spring Session's {@link SessionRepositoryFilter} that lets
 * a {@link RedisHashSessionRepository} remember every session lookup of one request, hit
 * or miss, and load the request's own session together with its touch in one round trip.
 * <p>
 * It also answers a request that failed with {@link SessionStoreUnavailableException}
 * with HTTP 503 and a {@code Retry-After} header, and one whose session would have grown
 * past the maximum size ({@link SessionSizeExceededException}, nothing written) with HTTP
 * 413, when the response is not yet committed.
 */
public class SessionLookupCacheFilter implements Filter {

	/** The default order: just before {@link SessionRepositoryFilter#DEFAULT_ORDER}. */
	public static final int DEFAULT_ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

	private static final Log logger = LogFactory.getLog(SessionLookupCacheFilter.class);

	private final RedisHashSessionRepository repository;

	private final HttpSessionIdResolver sessionIdResolver;

	private int retryAfterSeconds = 5;

	/**
	 * Create a filter for sessions identified by Spring Session's default cookie.
	 * @param repository the repository
	 */
	public SessionLookupCacheFilter(RedisHashSessionRepository repository) {
		this(repository, new CookieHttpSessionIdResolver());
	}

	/**
	 * Create a filter for sessions identified by the given resolver, which must be the
	 * one {@link SessionRepositoryFilter} uses.
	 * @param repository the repository
	 * @param sessionIdResolver the resolver of the session IDs a request carries
	 */
	public SessionLookupCacheFilter(RedisHashSessionRepository repository, HttpSessionIdResolver sessionIdResolver) {
		Assert.notNull(repository, "repository must not be null");
		Assert.notNull(sessionIdResolver, "sessionIdResolver must not be null");
		this.repository = repository;
		this.sessionIdResolver = sessionIdResolver;
	}

	/**
	 * Set the {@code Retry-After} value sent with HTTP 503 when Redis is unavailable.
	 * @param retryAfterSeconds the delay in seconds
	 */
	public void setRetryAfterSeconds(int retryAfterSeconds) {
		Assert.isTrue(retryAfterSeconds >= 0, "retryAfterSeconds must not be negative");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)) {
			chain.doFilter(request, response);
			return;
		}
		List<String> requestedIds = this.sessionIdResolver.resolveSessionIds(httpRequest);
		try (RedisHashSessionRepository.RequestScope scope = this.repository.openRequestScope(requestedIds)) {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			RuntimeException failure = SessionStoreFailures.find(ex);
			if (failure == null) {
				throw ex;
			}
			answer(httpResponse, failure);
		}
	}

	private void answer(HttpServletResponse response, RuntimeException failure) {
		if (response.isCommitted()) {
			logger.error("Session store failure after the response was committed", failure);
			return;
		}
		response.reset();
		if (failure instanceof SessionStoreUnavailableException) {
			logger.warn(failure.getMessage() + ": answering 503");
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader("Retry-After", Integer.toString(this.retryAfterSeconds));
		}
		else {
			logger.warn(failure.getMessage() + ": answering 413");
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		}
	}

}
