package io.sessionstore.redis;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a WebFlux exchange that failed because of the session store, when the response
 * is not yet committed: a {@link SessionStoreUnavailableException} with HTTP 503 and a
 * {@code Retry-After} header, a {@link SessionSizeExceededException} (nothing written)
 * with HTTP 413. It runs before Spring Boot's error handler, which would answer 500.
 * Other failures are passed on.
 */
public class SessionStoreWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** The default order: before Spring Boot's error handler ({@code -1}). */
	public static final int DEFAULT_ORDER = -2;

	private static final Log logger = LogFactory.getLog(SessionStoreWebExceptionHandler.class);

	private int retryAfterSeconds = 5;

	/**
	 * Set the {@code Retry-After} value sent with HTTP 503 when Redis is unavailable.
	 * @param retryAfterSeconds the delay in seconds
	 */
	public void setRetryAfterSeconds(int retryAfterSeconds) {
		Assert.isTrue(retryAfterSeconds >= 0, "retryAfterSeconds must not be negative");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		RuntimeException failure = SessionStoreFailures.find(ex);
		ServerHttpResponse response = exchange.getResponse();
		if (failure == null) {
			return Mono.error(ex);
		}
		if (response.isCommitted()) {
			logger.error("Session store failure after the response was committed", failure);
			return Mono.error(ex);
		}
		if (failure instanceof SessionStoreUnavailableException) {
			logger.warn(failure.getMessage() + ": answering 503");
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set("Retry-After", Integer.toString(this.retryAfterSeconds));
		}
		else {
			logger.warn(failure.getMessage() + ": answering 413");
			response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
		}
		return response.setComplete();
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

}
