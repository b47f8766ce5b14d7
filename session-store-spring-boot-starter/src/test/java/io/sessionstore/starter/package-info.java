/**
 * Tests of the starter in a small Spring Boot application on a real Redis.
 */
@NullMarked
package io.sessionstore.starter;

import org.jspecify.annotations.NullMarked;
