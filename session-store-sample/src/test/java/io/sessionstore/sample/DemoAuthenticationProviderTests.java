package io.sessionstore.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoAuthenticationProviderTests {

	private final DemoAuthenticationProvider provider = new DemoAuthenticationProvider();

	@ParameterizedTest
	@ValueSource(strings = { "andrew", "a", "andrew.b-1_x", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345" })
	void logsInAnyWellFormedUserNameWithoutAPassword(String username) {
		Authentication authentication = this.provider.authenticate(loginAttempt(username));

		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo(username);
		assertThat(authentication.getCredentials()).isNull();
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a b", "andrew:admin", "<script>", "{andrew}", "élodie",
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456" })
	void rejectsAMalformedUserName(String username) {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(loginAttempt(username)))
			.withMessage("Use 1 to 32 letters, digits, dots, underscores or dashes");
	}

	@Test
	void handlesOnlyUserNameAndPasswordLogins() {
		assertThat(this.provider.supports(UsernamePasswordAuthenticationToken.class)).isTrue();
		assertThat(this.provider.supports(TestingAuthenticationToken.class)).isFalse();
	}

	private static Authentication loginAttempt(String username) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, "");
	}

}
