/**
 * A WebFlux application on the starter, for the starter's tests.
 */
@NullMarked
package io.sessionstore.webflux;

import org.jspecify.annotations.NullMarked;
