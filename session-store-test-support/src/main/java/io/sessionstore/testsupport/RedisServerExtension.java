package io.sessionstore.testsupport;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link RedisServer} parameters of test constructors and methods: the shared
 * server, or for a parameter annotated {@link Redis62} a Redis 6.2 server started once
 * per test class and stopped after it. Resolves {@link RedisCluster} parameters with a
 * cluster of three masters, and {@link RedisSentinelSet} parameters with a master, its
 * replica and three Sentinels, started once per test class and stopped after it, from the
 * Redis 6.2 binary for a parameter annotated {@link Redis62}.
 */
public final class RedisServerExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(RedisServerExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == RedisServer.class || type == RedisCluster.class || type == RedisSentinelSet.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		boolean redis62 = parameterContext.isAnnotated(Redis62.class);
		if (parameterContext.getParameter().getType() == RedisCluster.class) {
			return perTestClass(extensionContext, redis62 ? ClusterKey.REDIS_62 : ClusterKey.NEWEST,
					redis62 ? RedisServers::startRedis62Cluster : RedisServers::startCluster, RedisCluster.class);
		}
		if (parameterContext.getParameter().getType() == RedisSentinelSet.class) {
			return perTestClass(extensionContext, redis62 ? SentinelKey.REDIS_62 : SentinelKey.NEWEST,
					redis62 ? RedisServers::startRedis62SentinelSet : RedisServers::startSentinelSet,
					RedisSentinelSet.class);
		}
		if (!redis62) {
			return RedisServers.shared();
		}
		return perTestClass(extensionContext, Redis62.class, RedisServers::startRedis62, RedisServer.class);
	}

	private static <T> T perTestClass(ExtensionContext extensionContext, Object key, Supplier<T> start,
			Class<T> type) {
		ExtensionContext classContext = extensionContext.getRoot().equals(extensionContext) ? extensionContext
				: classContext(extensionContext);
		return classContext.getStore(NAMESPACE).computeIfAbsent(key, (ignored) -> start.get(), type);
	}

	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext current = context;
		while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current;
	}

	private enum ClusterKey {

		NEWEST, REDIS_62

	}

	private enum SentinelKey {

		NEWEST, REDIS_62

	}

}
