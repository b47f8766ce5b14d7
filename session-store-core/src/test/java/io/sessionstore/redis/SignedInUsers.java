package io.sessionstore.redis;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;

/**
 * Spring Security contexts of signed-in users, as the tests store them in sessions.
 */
final class SignedInUsers {

	private SignedInUsers() {
	}

	static SecurityContext signedIn(String username) {
		List<SimpleGrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"));
		User principal = new User(username, "", authorities);
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities));
	}

	static String username(@Nullable Object securityContext) {
		return ((SecurityContext) securityContext).getAuthentication().getName();
	}

}
