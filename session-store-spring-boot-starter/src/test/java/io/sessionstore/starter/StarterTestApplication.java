package io.sessionstore.starter;

import java.security.Principal;

import io.sessionstore.redis.RedisHashSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application that has only the starter, Spring MVC, Spring Security and the actuator,
 * and configures sessions through properties alone. The security configuration is the
 * application's own: form login, at most one session per user.
 */
@SpringBootApplication
public class StarterTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http,
			SpringSessionBackedSessionRegistry<RedisHashSession> sessionRegistry) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**", "/actuator/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.maximumSessions(1).sessionRegistry(sessionRegistry))
			.build();
	}

	@Bean
	SpringSessionBackedSessionRegistry<RedisHashSession> sessionRegistry(
			FindByIndexNameSessionRepository<RedisHashSession> sessionRepository) {
		return new SpringSessionBackedSessionRegistry<>(sessionRepository);
	}

	@RestController
	static class SessionController {

		@PostMapping("/public/attribute")
		String setAttribute(HttpSession session, @RequestParam String name, @RequestParam String value) {
			session.setAttribute(name, value);
			return session.getId();
		}

		@GetMapping("/public/attribute")
		String getAttribute(HttpServletRequest request, @RequestParam String name) {
			HttpSession session = request.getSession(false);
			return (session != null) ? String.valueOf(session.getAttribute(name)) : "no session";
		}

		@PostMapping("/public/rotate")
		String rotate(HttpServletRequest request) {
			request.getSession();
			return request.changeSessionId();
		}

		@GetMapping("/me")
		String me(Principal principal) {
			return principal.getName();
		}

	}

}
