package io.sessionstore.redis.config.annotation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import org.springframework.core.env.MapPropertySource;
import org.springframework.session.web.context.AbstractHttpSessionApplicationInitializer;
import org.springframework.web.SpringServletContainerInitializer;
import org.springframework.web.WebApplicationInitializer;
import org.springframework.web.context.ContextLoaderListener;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A Spring application without Spring Boot in an embedded Tomcat, set up as a
 * {@code web.xml}-free application would be: a root {@link AnnotationConfigWebApplicationContext}
 * started by a {@link ContextLoaderListener}, Spring Session's
 * {@link AbstractHttpSessionApplicationInitializer} registering the
 * {@code springSessionRepositoryFilter} through a {@code DelegatingFilterProxy}, and a
 * {@link DispatcherServlet} with a child context of its own; or as a deployed WAR,
 * through {@link WebApplicationInitializer} classes alone. Driven over HTTP.
 */
final class PlainServletApplication implements AutoCloseable {

	private final Tomcat tomcat;

	private final WebApplicationContext rootContext;

	private final ServletContext servletContext;

	private final HttpDriver http;

	private PlainServletApplication(Tomcat tomcat, WebApplicationContext rootContext, ServletContext servletContext) {
		this.tomcat = tomcat;
		this.rootContext = rootContext;
		this.servletContext = servletContext;
		this.http = new HttpDriver(() -> tomcat.getConnector().getLocalPort());
	}

	static PlainServletApplication start(Path baseDir, Map<String, Object> properties, Class<?> rootConfiguration,
			Class<?> webConfiguration) throws LifecycleException {
		AnnotationConfigWebApplicationContext rootContext = new AnnotationConfigWebApplicationContext();
		rootContext.register(rootConfiguration);
		rootContext.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		Tomcat tomcat = tomcat(baseDir);
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

	/**
	 * Start the application as a servlet container runs a deployed WAR: Spring's
	 * {@link SpringServletContainerInitializer} creates the given
	 * {@link WebApplicationInitializer} classes and lets them set everything up, the root
	 * context included.
	 */
	@SafeVarargs
	static PlainServletApplication deploy(Path baseDir, Class<? extends WebApplicationInitializer>... initializers)
			throws LifecycleException {
		Tomcat tomcat = tomcat(baseDir);
		Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());
		context.addServletContainerInitializer(new SpringServletContainerInitializer(), Set.of(initializers));
		tomcat.start();
		ServletContext servletContext = context.getServletContext();
		WebApplicationContext rootContext = WebApplicationContextUtils.getRequiredWebApplicationContext(servletContext);
		return new PlainServletApplication(tomcat, rootContext, servletContext);
	}

	private static Tomcat tomcat(Path baseDir) {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(baseDir.toString());
		tomcat.setPort(0);
		tomcat.getConnector();
		return tomcat;
	}

	WebApplicationContext rootContext() {
		return this.rootContext;
	}

	String filterClassName(String filterName) {
		return this.servletContext.getFilterRegistration(filterName).getClassName();
	}

	HttpDriver http() {
		return this.http;
	}

	@Override
	public void close() throws LifecycleException {
		this.tomcat.stop();
		this.tomcat.destroy();
	}

}
