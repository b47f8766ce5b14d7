package io.sessionstore.redis;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecureRandomSessionIdGeneratorTests {

	private final SecureRandomSessionIdGenerator generator = new SecureRandomSessionIdGenerator();

	@Test
	void idsAre256BitsAsUnpaddedBase64Url() {
		String id = this.generator.generate();

		assertThat(id).matches("[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
	}

	@Test
	void idsDoNotRepeat() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(this.generator.generate());
		}
		assertThat(ids).hasSize(10_000);
	}

}
