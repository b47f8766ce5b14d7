/**
 * Spring Session's own Redis repositories, configured as an application would, for the
 * starter's side-by-side measurements.
 */
@NullMarked
package io.sessionstore.springsession;

import org.jspecify.annotations.NullMarked;
