package io.sessionstore.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionKeysTests {

	@Test
	void sessionKeyIsNamespaceColonId() {
		assertThat(new SessionKeys("session:app-a").sessionKey("abcdefghijklmnop"))
			.isEqualTo("session:app-a:abcdefghijklmnop");
	}

	@Test
	void indexKeyShowsAPlainPrincipalNameAsItIs() {
		SessionKeys keys = new SessionKeys("session");

		assertThat(keys.indexKey("andrew")).isEqualTo("session:index:andrew");
		assertThat(keys.indexKey("andrew.smith+work@example.com"))
			.isEqualTo("session:index:andrew.smith+work@example.com");
		assertThat(keys.indexKey("user_0001-A")).isEqualTo("session:index:user_0001-A");
		assertThat(keys.indexKey("a".repeat(64))).isEqualTo("session:index:" + "a".repeat(64));
		assertThat(keys.indexKey("andrew")).isNotEqualTo(keys.indexKey("Andrew"));
	}

	@Test
	void indexKeyHashesAnyOtherPrincipalNameSoItCannotShapeTheKey() throws Exception {
		SessionKeys keys = new SessionKeys("session");

		assertThat(keys.indexKey("{evil}:name " + "x".repeat(10_000)))
			.isEqualTo("session:index:sha1:" + sha1Hex("{evil}:name " + "x".repeat(10_000)));
		assertThat(keys.indexKey("a".repeat(65))).isEqualTo("session:index:sha1:" + sha1Hex("a".repeat(65)));
		assertThat(keys.indexKey("")).isEqualTo("session:index:sha1:" + sha1Hex(""));
		assertThat(keys.indexKey("*")).isEqualTo("session:index:sha1:" + sha1Hex("*"));
		assertThat(keys.indexKey("andré")).isEqualTo("session:index:sha1:" + sha1Hex("andré"));
		assertThat(keys.indexKey("sha1:" + sha1Hex("andrew"))).isNotEqualTo(keys.indexKey("andrew"))
			.startsWith("session:index:sha1:");
	}

	@Test
	void generatedIdFormIsExactlyWhatTheDefaultGeneratorMakes() {
		SessionIdForm form = SessionIdForm.of(new SecureRandomSessionIdGenerator());

		assertThat(form.matches(new SecureRandomSessionIdGenerator().generate())).isTrue();
		assertThat(form.matches("a".repeat(42))).isFalse();
		assertThat(form.matches("a".repeat(44))).isFalse();
		assertThat(form.matches("0b8e3c1a-5d2f-4a7e-9c1b-2f3e4d5c6b7a")).isFalse();
		assertThat(form.matches("a".repeat(42) + ":")).isFalse();
	}

	@Test
	void applicationsOwnGeneratorAllowsBase64UrlCharactersOfReasonableLength() {
		SessionIdForm form = SessionIdForm.of(() -> UUID.randomUUID().toString());

		assertThat(form.matches(new SecureRandomSessionIdGenerator().generate())).isTrue();
		assertThat(form.matches("0b8e3c1a-5d2f-4a7e-9c1b-2f3e4d5c6b7a")).isTrue();
		assertThat(form.matches("index:abcdefabcdefabcdef")).isFalse();
		assertThat(form.matches("{slot}abcdefabcdefabcdef")).isFalse();
		assertThat(form.matches("short")).isFalse();
		assertThat(form.matches("a".repeat(129))).isFalse();
		assertThat(form.matches("abcdefabcdefabcdef\n")).isFalse();
	}

	@Test
	void namespaceMustBeUsableAsAKeyPrefix() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionKeys(""))
			.withMessage("namespace must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionKeys("session:"))
			.withMessage("namespace must not end with ':': 'session:'");
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionKeys("my app"))
			.withMessage("namespace must not contain whitespace, braces or glob characters: 'my app'");
		assertThatIllegalArgumentException().isThrownBy(() -> new SessionKeys("app*"))
			.withMessage("namespace must not contain whitespace, braces or glob characters: 'app*'");
	}

	private static String sha1Hex(String value) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

}
