package io.sessionstore.soak;

import java.security.Principal;

import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the soak runs: the starter alone, form login with session-fixation
 * protection, at most {@value #MAXIMUM_SESSIONS} sessions per user, and endpoints that read,
 * write, increment and change the idle timeout of the session.
 */
@SpringBootApplication
public class SoakApplication {

	static final int USERS = 6;

	static final int MAXIMUM_SESSIONS = 2;

	static final String PASSWORD = "soak-secret";

	static final String EXPIRED_BY_LIMIT = "expired by the concurrent-session limit";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http,
			SpringSessionBackedSessionRegistry<RedisHashSession> sessionRegistry) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**").permitAll()
			.anyRequest()
			.authenticated())
			.formLogin((login) -> login.successHandler((request, response, authentication) -> response.setStatus(200))
				.failureHandler((request, response, exception) -> response.setStatus(401)))
			.logout((logout) -> logout.logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.OK)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new HttpStatusEntryPoint(
					HttpStatus.UNAUTHORIZED)))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.maximumSessions(MAXIMUM_SESSIONS)
				.sessionRegistry(sessionRegistry)
				.expiredSessionStrategy((event) -> {
					event.getResponse().setStatus(HttpStatus.CONFLICT.value());
					event.getResponse().getWriter().write(EXPIRED_BY_LIMIT);
				}))
			.build();
	}

	@Bean
	SpringSessionBackedSessionRegistry<RedisHashSession> sessionRegistry(
			FindByIndexNameSessionRepository<RedisHashSession> sessionRepository) {
		return new SpringSessionBackedSessionRegistry<>(sessionRepository);
	}

	@Bean
	InMemoryUserDetailsManager users() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (int i = 0; i < USERS; i++) {
			UserDetails user = User.withUsername("user" + i).password("{noop}" + PASSWORD).roles("USER").build();
			users.createUser(user);
		}
		return users;
	}

	@RestController
	static class SoakController {

		private final RedisHashSessionRepository repository;

		SoakController(RedisHashSessionRepository repository) {
			this.repository = repository;
		}

		@PostMapping("/public/note")
		String anonymousNote(HttpSession session, @RequestParam String value) {
			session.setAttribute("note", value);
			return session.getId();
		}

		@GetMapping("/me")
		String me(Principal principal, HttpSession session) {
			return principal.getName() + " " + session.getId();
		}

		@PostMapping("/note")
		String note(HttpSession session, @RequestParam String value) {
			session.setAttribute("note", value);
			return value;
		}

		@GetMapping("/note")
		String readNote(HttpSession session) {
			return String.valueOf(session.getAttribute("note"));
		}

		@PostMapping("/counter")
		String increment(HttpSession session) {
			return String.valueOf(this.repository.incrementAttribute(session.getId(), "counter", 1));
		}

		@GetMapping("/counter")
		String counter(HttpSession session) {
			Object counter = session.getAttribute("counter");
			return (counter != null) ? counter.toString() : "0";
		}

		@PostMapping("/ttl")
		String ttl(HttpSession session, @RequestParam int seconds) {
			session.setMaxInactiveInterval(seconds);
			return Integer.toString(seconds);
		}

	}

}
