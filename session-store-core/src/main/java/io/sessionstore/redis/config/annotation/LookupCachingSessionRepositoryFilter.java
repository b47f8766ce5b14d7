package io.sessionstore.redis.config.annotation;

import java.io.IOException;

import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionLookupCacheFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Spring Session's {@link SessionRepositoryFilter} with the {@link SessionLookupCacheFilter}
 * around it, so that one filter registration runs both, in the right order and with the
 * same session ID resolver.
 */
final class LookupCachingSessionRepositoryFilter extends SessionRepositoryFilter<RedisHashSession> {

	private final RedisHashSessionRepository repository;

	private final int retryAfterSeconds;

	private SessionLookupCacheFilter lookupFilter;

	LookupCachingSessionRepositoryFilter(RedisHashSessionRepository repository, HttpSessionIdResolver sessionIdResolver,
			int retryAfterSeconds) {
		super(repository);
		this.repository = repository;
		this.retryAfterSeconds = retryAfterSeconds;
		this.lookupFilter = lookupFilter(sessionIdResolver);
		super.setHttpSessionIdResolver(sessionIdResolver);
	}

	@Override
	public void setHttpSessionIdResolver(HttpSessionIdResolver httpSessionIdResolver) {
		super.setHttpSessionIdResolver(httpSessionIdResolver);
		this.lookupFilter = lookupFilter(httpSessionIdResolver);
	}

	private SessionLookupCacheFilter lookupFilter(HttpSessionIdResolver sessionIdResolver) {
		SessionLookupCacheFilter filter = new SessionLookupCacheFilter(this.repository, sessionIdResolver);
		filter.setRetryAfterSeconds(this.retryAfterSeconds);
		return filter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.lookupFilter.doFilter(request, response, (lookupRequest, lookupResponse) -> super.doFilterInternal(
				(HttpServletRequest) lookupRequest, (HttpServletResponse) lookupResponse, chain));
	}

}
