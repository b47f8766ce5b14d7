/**
 * A browser tour of the Redis session lifecycle on session-store.
 */
@NullMarked
package io.sessionstore.sample;

import org.jspecify.annotations.NullMarked;
