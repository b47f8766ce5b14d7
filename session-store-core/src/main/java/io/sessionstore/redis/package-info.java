/**
 * Spring Session repository that keeps each session as one readable Redis hash.
 */
@NullMarked
package io.sessionstore.redis;

import org.jspecify.annotations.NullMarked;
