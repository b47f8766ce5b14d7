package io.sessionstore.webflux;

import java.security.Principal;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.WebSession;

/**
 * A WebFlux application that has only the starter, Spring WebFlux and Spring Security,
 * and configures sessions through properties alone: form login, whose session-fixation
 * protection changes the session ID, and a logout that invalidates the session.
 * <p>
 * Its server answers one request per connection: on a kept-alive connection, Reactor
 * Netty 1.3.6 can leave a request sent right after the previous response unread until the
 * client gives up (reactor/reactor-netty#4361).
 */
@SpringBootApplication
public class WebFluxTestApplication {

	@Bean
	NettyServerCustomizer oneRequestPerConnection() {
		return (server) -> server.maxKeepAliveRequests(1);
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/public/**", "/actuator/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.formLogin(Customizer.withDefaults())
			.logout((logout) -> logout.logoutHandler(new DelegatingServerLogoutHandler(
					new SecurityContextServerLogoutHandler(), new WebSessionServerLogoutHandler())))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@RestController
	static class SessionController {

		@PostMapping("/public/attribute")
		String setAttribute(WebSession session, @RequestParam String name, @RequestParam String value) {
			session.getAttributes().put(name, value);
			return session.getId();
		}

		@PostMapping("/public/filler")
		String setFiller(WebSession session, @RequestParam int size) {
			session.getAttributes().put("filler", "x".repeat(size));
			return session.getId();
		}

		@GetMapping("/public/attribute")
		String getAttribute(WebSession session, @RequestParam String name) {
			return session.isStarted() ? String.valueOf(session.getAttributes().get(name)) : "no session";
		}

		@PostMapping("/public/rotate")
		Mono<String> rotate(WebSession session) {
			session.start();
			return session.changeSessionId().then(Mono.fromSupplier(session::getId));
		}

		@GetMapping("/me")
		String me(Principal principal) {
			return principal.getName();
		}

	}

}
