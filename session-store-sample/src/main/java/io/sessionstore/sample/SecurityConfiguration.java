package io.sessionstore.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Form login for any well-formed user name, with CSRF protection and Spring Security's
 * default session-fixation protection, which changes the session ID on login. Logging
 * out invalidates the session, so that its Redis key is deleted and Spring Session
 * clears the cookie.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String ID_BEFORE_LOGIN = "sample.id_before_login";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/login", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((login) -> login.loginPage("/")
				.loginProcessingUrl("/login")
				.failureUrl("/?error")
				.successHandler(loginSuccessHandler()))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signedOut"));
		return http.build();
	}

	@Bean
	DemoAuthenticationProvider demoAuthenticationProvider() {
		return new DemoAuthenticationProvider();
	}

	private static AuthenticationSuccessHandler loginSuccessHandler() {
		return (request, response, authentication) -> {
			HttpSession session = request.getSession();
			session.setMaxInactiveInterval(IdleTimeouts.clamp(requestedTimeout(request)));
			session.setAttribute(ID_BEFORE_LOGIN, MaskedIds.mask(request.getRequestedSessionId()));
			session.setAttribute("username", authentication.getName());
			response.sendRedirect(request.getContextPath() + "/");
		};
	}

	private static int requestedTimeout(HttpServletRequest request) {
		try {
			return Integer.parseInt(request.getParameter("ttl"));
		}
		catch (NumberFormatException ex) {
			return IdleTimeouts.CHOICES.get(1);
		}
	}

}
