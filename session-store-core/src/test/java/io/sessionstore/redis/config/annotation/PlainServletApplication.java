package io.sessionstore.redis.config.annotation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import org.springframework.core.env.MapPropertySource;
import org.springframework.session.web.context.AbstractHttpSessionApplicationInitializer;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A Spring application without Spring Boot in an embedded Tomcat, set up as a
 * {@code web.xml}-free application would be: a root {@link AnnotationConfigWebApplicationContext}
 * started by a {@link ContextLoaderListener}, Spring Session's
 * {@link AbstractHttpSessionApplicationInitializer} registering the
 * {@code springSessionRepositoryFilter} through a {@code DelegatingFilterProxy}, and a
 * {@link DispatcherServlet} with a child context of its own. Driven over HTTP.
 */
final class PlainServletApplication implements AutoCloseable {

	private final Tomcat tomcat;

	private final AnnotationConfigWebApplicationContext rootContext;

	private final ServletContext servletContext;

	private final HttpClient client = HttpClient.newHttpClient();

	private PlainServletApplication(Tomcat tomcat, AnnotationConfigWebApplicationContext rootContext,
			ServletContext servletContext) {
		this.tomcat = tomcat;
		this.rootContext = rootContext;
		this.servletContext = servletContext;
	}

	static PlainServletApplication start(Path baseDir, Map<String, Object> properties, Class<?> rootConfiguration,
			Class<?> webConfiguration) throws LifecycleException {
		AnnotationConfigWebApplicationContext rootContext = new AnnotationConfigWebApplicationContext();
		rootContext.register(rootConfiguration);
		rootContext.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(baseDir.toString());
		tomcat.setPort(0);
		tomcat.getConnector();
		Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());
		AtomicReference<ServletContext> startedServletContext = new AtomicReference<>();
		context.addServletContainerInitializer((classes, servletContext) -> {
			startedServletContext.set(servletContext);
			servletContext.addListener(new ContextLoaderListener(rootContext));
			new AbstractHttpSessionApplicationInitializer() {
			}.onStartup(servletContext);
			AnnotationConfigWebApplicationContext webContext = new AnnotationConfigWebApplicationContext();
			webContext.register(webConfiguration);
			ServletRegistration.Dynamic dispatcher = servletContext.addServlet("dispatcher",
					new DispatcherServlet(webContext));
			dispatcher.setLoadOnStartup(1);
			dispatcher.addMapping("/");
		}, null);
		tomcat.start();
		return new PlainServletApplication(tomcat, rootContext, startedServletContext.get());
	}

	WebApplicationContext rootContext() {
		return this.rootContext;
	}

	String filterClassName(String filterName) {
		return this.servletContext.getFilterRegistration(filterName).getClassName();
	}

	Exchange get(String path, String sessionCookie) throws IOException, InterruptedException {
		return send(request(path, sessionCookie).GET());
	}

	Exchange post(String path, String sessionCookie) throws IOException, InterruptedException {
		return send(request(path, sessionCookie).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path, String sessionCookie) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.tomcat.getConnector().getLocalPort() + path));
		return sessionCookie.isEmpty() ? request : request.header("Cookie", "SESSION=" + sessionCookie);
	}

	private Exchange send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		Optional<String> setCookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.findFirst();
		return new Exchange(response.statusCode(), response.body(), response.headers().map(), setCookie.orElse(null));
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

	/**
	 * A response: its status, body, headers and the {@code SESSION} cookie it sets, if it
	 * sets one.
	 */
	record Exchange(int status, String body, Map<String, List<String>> headers, String setCookie) {

		/**
		 * Return the value of the {@code SESSION} cookie the response sets.
		 */
		String sessionCookie() {
			if (this.setCookie == null) {
				throw new AssertionError("No SESSION cookie in the response; headers: " + this.headers);
			}
			return this.setCookie.substring("SESSION=".length(), this.setCookie.indexOf(';'));
		}

	}

}
