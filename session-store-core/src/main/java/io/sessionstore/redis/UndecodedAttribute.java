package io.sessionstore.redis;

import org.jspecify.annotations.Nullable;

/**
 * An attribute as read from the session hash, decoded only when the application first
 * reads it, so a request pays only for the attributes it uses.
 *
 * @param value the stored bytes
 * @param type the type recorded in {@code attribute_types}, or {@code null}
 */
record UndecodedAttribute(byte[] value, @Nullable String type) {
}
