/**
 * Spring Boot auto-configuration for session-store: Redis-hash sessions from one
 * dependency and {@code session-store.*} properties.
 */
@NullMarked
package io.sessionstore.autoconfigure;

import org.jspecify.annotations.NullMarked;
