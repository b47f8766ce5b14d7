package io.sessionstore.redis.config.annotation;

import java.util.Map;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * A WebFlux application without Spring Boot: an {@link AnnotationConfigApplicationContext}
 * whose beans {@link WebHttpHandlerBuilder} assembles into an {@link HttpHandler}, served
 * by Reactor Netty on a free port. Driven over HTTP.
 * <p>
 * The server answers one request per connection. On a kept-alive connection, Reactor
 * Netty 1.3.6 can leave a request that arrives while it is still finishing the previous
 * exchange unread until the client gives up (reactor/reactor-netty#4361), which made
 * the contract's back-to-back requests time out about once in a hundred runs.
 */
final class PlainWebFluxApplication implements AutoCloseable {

	private final AnnotationConfigApplicationContext context;

	private final DisposableServer server;

	private final HttpDriver http;

	private PlainWebFluxApplication(AnnotationConfigApplicationContext context, DisposableServer server) {
		this.context = context;
		this.server = server;
		this.http = new HttpDriver(server::port);
	}

	static PlainWebFluxApplication start(Map<String, Object> properties, Class<?>... configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		context.register(configuration);
		context.refresh();
		HttpHandler handler = WebHttpHandlerBuilder.applicationContext(context).build();
		DisposableServer server = HttpServer.create()
			.host("localhost")
			.port(0)
			.maxKeepAliveRequests(1)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		return new PlainWebFluxApplication(context, server);
	}

	AnnotationConfigApplicationContext context() {
		return this.context;
	}

	HttpDriver http() {
		return this.http;
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.context.close();
	}

}
