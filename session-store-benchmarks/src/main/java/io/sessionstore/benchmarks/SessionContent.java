package io.sessionstore.benchmarks;

import java.util.List;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * What every benchmarked session holds, whatever the store: a username, a counter and
 * the {@code SecurityContext} that Spring Security's form login leaves after sign-in; and
 * what a read-only request reads of it.
 */
public final class SessionContent {

	/** The attribute holding the username. */
	public static final String USERNAME = "username";

	/** The attribute holding the counter, an {@link Integer}. */
	public static final String COUNTER = "counter";

	private SessionContent() {
	}

	/**
	 * Put the content of a freshly signed-in user into a session.
	 * @param session the session
	 * @param username the user's name
	 */
	public static void fill(HttpSession session, String username) {
		session.setAttribute(USERNAME, username);
		session.setAttribute(COUNTER, 0);
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(signedIn(username)));
	}

	/**
	 * Read what a read-only request of a signed-in user reads: the {@code SecurityContext},
	 * as Spring Security's filters do on every such request, and the username.
	 * @param session the session
	 * @return the username, or {@code null} when the session does not hold the
	 * {@code SecurityContext} of that user
	 */
	public static @Nullable String signedInUser(HttpSession session) {
		SecurityContext context = (SecurityContext) session
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		String username = (String) session.getAttribute(USERNAME);
		Authentication authentication = (context != null) ? context.getAuthentication() : null;
		return (authentication != null && authentication.getName().equals(username)) ? username : null;
	}

	/**
	 * Add one to the session's counter.
	 * @param session the session
	 * @return the new count
	 */
	public static int count(HttpSession session) {
		Integer counter = (Integer) session.getAttribute(COUNTER);
		int next = ((counter != null) ? counter : 0) + 1;
		session.setAttribute(COUNTER, next);
		return next;
	}

	private static UsernamePasswordAuthenticationToken signedIn(String username) {
		List<SimpleGrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"));
		User principal = new User(username, "", authorities);
		principal.eraseCredentials();
		UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(principal, null,
				authorities);
		return token;
	}

}
