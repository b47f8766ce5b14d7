package io.sessionstore.redis;

import org.springframework.util.ClassUtils;

/**
 * The libraries that the near cache and the values shared outside it need, which an
 * application may leave off its classpath.
 */
final class OptionalLibraries {

	static final boolean CAFFEINE_PRESENT = isPresent("com.github.benmanes.caffeine.cache.Caffeine");

	static final boolean LETTUCE_PRESENT = isPresent("io.lettuce.core.RedisClient");

	private OptionalLibraries() {
	}

	private static boolean isPresent(String className) {
		return ClassUtils.isPresent(className, OptionalLibraries.class.getClassLoader());
	}

}
