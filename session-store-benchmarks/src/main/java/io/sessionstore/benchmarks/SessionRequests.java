package io.sessionstore.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.sessionstore.redis.RedisHashSessionRepository;
import io.sessionstore.redis.SessionLookupCacheFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.HeaderHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Sends requests through the filters an application puts in front of a store: Spring
 * Session's {@link SessionRepositoryFilter}, preceded by {@link SessionLookupCacheFilter}
 * for session-store, as its auto-configuration does. The handler ends each request by
 * flushing the response, as a {@code @ResponseBody} handler does, so the filter saves
 * the session when the response is committed and again when the request ends.
 * <p>
 * The session ID travels in the {@code X-Auth-Token} header for every store, so that no
 * store pays for cookie parsing the others skip.
 */
public final class SessionRequests implements AutoCloseable {

	static final String USER_PARAMETER = "user";

	private static final HttpSessionIdResolver ID_RESOLVER = HeaderHttpSessionIdResolver.xAuthToken();

	private static final String ID_HEADER = "X-Auth-Token";

	private final Store store;

	private final SessionRepository<?> repository;

	private final Filter[] filters;

	private final Map<Scenario, Servlet> handlers = new EnumMap<>(Scenario.class);

	private SessionRequests(Store store, SessionRepository<?> repository, Filter[] filters) {
		this.store = store;
		this.repository = repository;
		this.filters = filters;
		for (Scenario scenario : Scenario.values()) {
			this.handlers.put(scenario, new ScenarioServlet(scenario));
		}
	}

	/**
	 * Build the store's repository and filters.
	 * @param store the store
	 * @param connectionFactory the connection to the harness's Redis
	 * @return the requests to that store
	 */
	public static SessionRequests open(Store store, RedisConnectionFactory connectionFactory) {
		SessionRepository<?> repository = store.repository(connectionFactory);
		List<Filter> filters = new ArrayList<>();
		if (repository instanceof RedisHashSessionRepository redisHash) {
			filters.add(new SessionLookupCacheFilter(redisHash, ID_RESOLVER));
		}
		filters.add(sessionRepositoryFilter(repository));
		return new SessionRequests(store, repository, filters.toArray(Filter[]::new));
	}

	/**
	 * Return the store the requests go to.
	 * @return the store
	 */
	public Store store() {
		return this.store;
	}

	/**
	 * Send a request that signs a user in: it creates a session with {@link SessionContent}.
	 * @param username the user's name
	 * @return the new session's ID
	 */
	public String create(String username) {
		String id = send(null, Scenario.CREATE, username);
		if (id == null) {
			throw new IllegalStateException(this.store + " issued no session ID");
		}
		return id;
	}

	/**
	 * Send one request with a session ID.
	 * @param sessionId the ID the request carries
	 * @param scenario the work the request does
	 * @return the session ID the response carries, or the one sent if the response names
	 * none, or {@code null} if the response ended the session
	 */
	public @Nullable String send(String sessionId, Scenario scenario) {
		return send(sessionId, scenario, null);
	}

	/**
	 * Find the sessions of a user, as a session registry or a "sign out everywhere"
	 * feature does.
	 * @param username the principal name
	 * @return how many sessions were found
	 */
	public int findByPrincipalName(String username) {
		if (!(this.repository instanceof FindByIndexNameSessionRepository<?> indexed)) {
			throw new IllegalStateException(this.store + " cannot find sessions by principal name");
		}
		return indexed.findByPrincipalName(username).size();
	}

	private @Nullable String send(@Nullable String sessionId, Scenario scenario, @Nullable String username) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		if (sessionId != null) {
			request.addHeader(ID_HEADER, sessionId);
		}
		if (username != null) {
			request.setParameter(USER_PARAMETER, username);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			new MockFilterChain(this.handlers.get(scenario), this.filters).doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			throw new IllegalStateException(scenario + " request failed on " + this.store, ex);
		}
		if (response.getStatus() != 200) {
			throw new IllegalStateException(scenario + " request on " + this.store + " answered " + response.getStatus());
		}
		String issued = response.getHeader(ID_HEADER);
		if (issued == null) {
			return sessionId;
		}
		return issued.isEmpty() ? null : issued;
	}

	/**
	 * Release what the store's repository holds besides the shared connection factory:
	 * the near cache's own connection.
	 */
	@Override
	public void close() {
		if (this.repository instanceof DisposableBean disposable) {
			try {
				disposable.destroy();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not close the repository of " + this.store, ex);
			}
		}
	}

	private static <S extends Session> Filter sessionRepositoryFilter(SessionRepository<S> repository) {
		SessionRepositoryFilter<S> filter = new SessionRepositoryFilter<>(repository);
		filter.setHttpSessionIdResolver(ID_RESOLVER);
		return filter;
	}

	private static final class ScenarioServlet extends GenericServlet {

		private final Scenario scenario;

		ScenarioServlet(Scenario scenario) {
			this.scenario = scenario;
		}

		@Override
		public void service(ServletRequest request, ServletResponse response) throws IOException {
			this.scenario.handle((HttpServletRequest) request);
			response.getWriter().write("ok");
			response.flushBuffer();
		}

	}

}
