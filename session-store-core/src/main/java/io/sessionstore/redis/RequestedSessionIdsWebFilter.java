package io.sessionstore.redis;

import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * A {@link WebFilter} that tells a {@link ReactiveRedisHashSessionRepository} which
 * session IDs the exchange itself carries, so that the repository loads the exchange's
 * own session together with its touch in one round trip, and reads any other session,
 * such as one that Spring Security's session registry or the actuator looks up, without
 * extending it. The IDs travel in the Reactor context of the rest of the filter chain.
 * <p>
 * It runs first, with {@link Ordered#HIGHEST_PRECEDENCE}, and must be given the
 * {@link WebSessionIdResolver} that the {@link WebSessionManager} uses. Without it, the
 * repository touches no session when loading it: WebFlux's save of the session, which
 * records its new last access time, slides its expiry instead, one round trip later.
 */
public class RequestedSessionIdsWebFilter implements WebFilter, Ordered {

	private static final Object REQUESTED_SESSION_IDS = RequestedSessionIdsWebFilter.class.getName()
			+ ".REQUESTED_SESSION_IDS";

	private final WebSessionIdResolver sessionIdResolver;

	/**
	 * Create a filter for sessions identified by the given resolver, which must be the
	 * one the {@link WebSessionManager} uses.
	 * @param sessionIdResolver the resolver of the session IDs an exchange carries
	 */
	public RequestedSessionIdsWebFilter(WebSessionIdResolver sessionIdResolver) {
		Assert.notNull(sessionIdResolver, "sessionIdResolver must not be null");
		this.sessionIdResolver = sessionIdResolver;
	}

	/**
	 * Create a filter for the sessions of the given manager: with the resolver of a
	 * {@link DefaultWebSessionManager}, otherwise with the given one.
	 * @param sessionManager the manager whose sessions the repository loads
	 * @param otherwise supplies the resolver when the manager does not say which it uses
	 * @return the filter
	 */
	public static RequestedSessionIdsWebFilter forSessionsOf(WebSessionManager sessionManager,
			Supplier<WebSessionIdResolver> otherwise) {
		return new RequestedSessionIdsWebFilter((sessionManager instanceof DefaultWebSessionManager manager)
				? manager.getSessionIdResolver() : otherwise.get());
	}

	/**
	 * Run the rest of the chain with the exchange's session IDs in its Reactor context.
	 * @param exchange the exchange
	 * @param chain the rest of the filter chain
	 * @return completes when the chain completes
	 */
	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).contextWrite(requesting(this.sessionIdResolver.resolveSessionIds(exchange)));
	}

	/**
	 * Return {@link Ordered#HIGHEST_PRECEDENCE}, so that every other filter, and the
	 * handler, runs with the exchange's session IDs in its context.
	 * @return the order
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Return the context change that names the given session IDs as the exchange's own.
	 */
	static Function<Context, Context> requesting(Collection<String> sessionIds) {
		Set<String> requestedIds = Set.copyOf(sessionIds);
		return (context) -> context.put(REQUESTED_SESSION_IDS, requestedIds);
	}

	/**
	 * Return whether the given context names the session ID as one that the exchange
	 * carries.
	 */
	static boolean isRequested(ContextView context, String sessionId) {
		Set<?> requestedIds = context.getOrDefault(REQUESTED_SESSION_IDS, Set.of());
		return requestedIds != null && requestedIds.contains(sessionId);
	}

}
