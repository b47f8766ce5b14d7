package io.sessionstore.redis;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.session.SessionIdGenerator;

/**
 * Generates session IDs of 256 random bits from {@link SecureRandom}, encoded as
 * base64url without padding (43 characters).
 */
public final class SecureRandomSessionIdGenerator implements SessionIdGenerator {

	private static final int ID_BYTES = 32;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	@Override
	public String generate() {
		byte[] bytes = new byte[ID_BYTES];
		this.random.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

}
