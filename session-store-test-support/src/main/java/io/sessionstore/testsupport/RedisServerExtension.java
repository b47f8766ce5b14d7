package io.sessionstore.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link RedisServer} parameters of test constructors and methods: the shared
 * server, or for a parameter annotated {@link Redis62} a Redis 6.2 server started once
 * per test class and stopped after it.
 */
public final class RedisServerExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RedisServerExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RedisServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		if (!parameterContext.isAnnotated(Redis62.class)) {
			return RedisServers.shared();
		}
		ExtensionContext classContext = extensionContext.getRoot().equals(extensionContext) ? extensionContext
				: classContext(extensionContext);
		return classContext.getStore(NAMESPACE)
			.computeIfAbsent(Redis62.class, (key) -> RedisServers.startRedis62(), RedisServer.class);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

}
