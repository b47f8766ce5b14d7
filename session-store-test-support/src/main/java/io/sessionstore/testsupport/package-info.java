/**
 * Real Redis servers and clusters for the project's tests, and a {@code MONITOR} command counter.
 */
@NullMarked
package io.sessionstore.testsupport;

import org.jspecify.annotations.NullMarked;
