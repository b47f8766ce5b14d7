/**
 * Annotations that configure session-store in Spring applications without Spring Boot:
 * {@link io.sessionstore.redis.config.annotation.EnableRedisHashHttpSession} for Servlet
 * applications, {@link io.sessionstore.redis.config.annotation.EnableRedisHashWebSession}
 * for WebFlux applications.
 */
@NullMarked
package io.sessionstore.redis.config.annotation;

import org.jspecify.annotations.NullMarked;
