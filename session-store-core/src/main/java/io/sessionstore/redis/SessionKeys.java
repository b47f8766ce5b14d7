package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * The key layout under one namespace: {@code <namespace>:<id>} for sessions and
 * {@code <namespace>:index:<principal name>} for the principal index. Session IDs never
 * contain {@code :}, so no other key can collide with a session key.
 * <p>
 * A principal name goes into its index key as it is when it is up to 64 letters, digits
 * and {@code . _ @ + -} ({@code session:index:andrew@example.com}), so that
 * {@code redis-cli} shows whose index a key is and the key stays short. Any other name
 * is replaced by its SHA-1 ({@code session:index:sha1:<40 hex digits>}), so that its
 * length, a {@code :} or the braces of a Cluster hash tag cannot shape the key; a name
 * kept as it is never contains {@code :}, so the two forms cannot collide.
 */
final class SessionKeys {

	private static final Pattern VALID_NAMESPACE = Pattern.compile("[^\\s{}*?\\[\\]]+");

	private static final Pattern PLAIN_PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");

	private final String namespace;

	private final String sessionKeyPrefix;

	private final String indexKeyPrefix;

	SessionKeys(String namespace) {
		Assert.hasText(namespace, "namespace must not be empty");
		Assert.isTrue(VALID_NAMESPACE.matcher(namespace).matches(),
				() -> "namespace must not contain whitespace, braces or glob characters: '" + namespace + "'");
		Assert.isTrue(!namespace.endsWith(":"), () -> "namespace must not end with ':': '" + namespace + "'");
		this.namespace = namespace;
		this.sessionKeyPrefix = namespace + ":";
		this.indexKeyPrefix = namespace + ":index:";
	}

	String namespace() {
		return this.namespace;
	}

	String sessionKey(String sessionId) {
		return this.sessionKeyPrefix + sessionId;
	}

	String sessionKeyPrefix() {
		return this.sessionKeyPrefix;
	}

	String indexKey(String principalName) {
		if (PLAIN_PRINCIPAL_NAME.matcher(principalName).matches()) {
			return this.indexKeyPrefix + principalName;
		}
		return this.indexKeyPrefix + "sha1:" + sha1Hex(principalName);
	}

	String indexKeyPrefix() {
		return this.indexKeyPrefix;
	}

	String indexKeyPattern() {
		return this.indexKeyPrefix + "*";
	}

	private static String sha1Hex(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every Java platform", ex);
		}
	}

}
