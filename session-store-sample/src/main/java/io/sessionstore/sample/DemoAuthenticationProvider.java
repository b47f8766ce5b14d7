package io.sessionstore.sample;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * Logs in any well-formed user name, without a password: this is a demo of sessions, not
 * of authentication.
 */
class DemoAuthenticationProvider implements AuthenticationProvider {

	private static final List<GrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_USER"));

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		if (!DemoUsernames.isWellFormed(username)) {
			throw new BadCredentialsException("Use 1 to 32 letters, digits, dots, underscores or dashes");
		}
		User user = new User(username, "", AUTHORITIES);
		return UsernamePasswordAuthenticationToken.authenticated(user, null, AUTHORITIES);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
