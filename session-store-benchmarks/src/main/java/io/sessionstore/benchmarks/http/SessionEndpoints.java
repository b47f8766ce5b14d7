package io.sessionstore.benchmarks.http;

import io.sessionstore.benchmarks.SessionContent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, a read-only request and a request that writes one attribute, each of a
 * signed-in user whose {@code SecurityContext} it reads, as Spring Security's filters do.
 */
@RestController
class SessionEndpoints {

	@GetMapping("/login")
	String login(HttpServletRequest request, @RequestParam String user) {
		SessionContent.fill(request.getSession(), user);
		return user;
	}

	@GetMapping("/read")
	ResponseEntity<String> read(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		String user = (session != null) ? SessionContent.signedInUser(session) : null;
		return (user != null) ? ResponseEntity.ok(user) : unauthorized();
	}

	@GetMapping("/write")
	ResponseEntity<String> write(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		String user = (session != null) ? SessionContent.signedInUser(session) : null;
		return (user != null) ? ResponseEntity.ok(Integer.toString(SessionContent.count(session))) : unauthorized();
	}

	private static ResponseEntity<String> unauthorized() {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
	}

}
