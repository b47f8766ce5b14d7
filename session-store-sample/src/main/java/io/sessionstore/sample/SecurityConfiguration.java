package io.sessionstore.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Form login for any well-formed user name, with CSRF protection and Spring Security's
 * default session-fixation protection, which changes the session ID on login.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String ID_BEFORE_LOGIN = "sample.id_before_login";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http,
			@Value("${server.servlet.session.cookie.name:SESSION}") String cookieName) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/login", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.authenticationProvider(new DemoAuthenticationProvider())
			.formLogin((login) -> login.loginPage("/")
				.loginProcessingUrl("/login")
				.failureUrl("/?error")
				.successHandler(loginSuccessHandler()))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signedOut").deleteCookies(cookieName));
		return http.build();
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
