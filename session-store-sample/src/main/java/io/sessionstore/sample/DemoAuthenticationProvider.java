package io.sessionstore.sample;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * Logs in any well-formed user name (1 to 32 letters, digits, dots, underscores or
 * dashes) without a password: this is a demo of sessions, not of authentication.
 */
class DemoAuthenticationProvider implements AuthenticationProvider {

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,32}");

	private static final List<GrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_USER"));

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		if (username == null || !WELL_FORMED.matcher(username).matches()) {
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
