/**
 * Real Redis servers, clusters and Sentinel sets for the project's tests, and a
 * {@code MONITOR} command counter.
 */
@NullMarked
package io.sessionstore.testsupport;

import org.jspecify.annotations.NullMarked;
