/**
 * The default attribute codec: readable JSON whose types are decoded only from an
 * allow-list.
 */
@NullMarked
package io.sessionstore.redis.json;

import org.jspecify.annotations.NullMarked;
