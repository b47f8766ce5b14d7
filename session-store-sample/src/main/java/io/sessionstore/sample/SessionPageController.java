package io.sessionstore.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import io.sessionstore.redis.RedisHashSession;
import io.sessionstore.redis.RedisHashSessionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sample's one page and its actions. The page reads the session's hash and TTL with
 * a {@link StringRedisTemplate}, so showing them neither touches nor changes the session.
 */
@Controller
class SessionPageController {

	private static final String PAGE_VIEWS = "page_views";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final RedisHashSessionRepository repository;

	private final StringRedisTemplate redis;

	SessionPageController(RedisHashSessionRepository repository, StringRedisTemplate redis) {
		this.repository = repository;
		this.redis = redis;
	}

	@GetMapping("/")
	String page(HttpServletRequest request, @Nullable Authentication authentication, Model model) {
		model.addAttribute("ttlChoices", IdleTimeouts.CHOICES);
		HttpSession session = request.getSession(false);
		if (authentication == null || session == null) {
			return "session";
		}
		String key = this.repository.getNamespace() + ":" + session.getId();
		String maskedKey = this.repository.getNamespace() + ":" + MaskedIds.mask(session.getId());
		Map<String, String> hash = this.redis.<String, String>opsForHash().entries(key);
		model.addAttribute("username", authentication.getName());
		model.addAttribute("key", maskedKey);
		model.addAttribute("idBefore", session.getAttribute(SecurityConfiguration.ID_BEFORE_LOGIN));
		model.addAttribute("idNow", MaskedIds.mask(session.getId()));
		model.addAttribute("fields", ShownFields.of(hash));
		model.addAttribute("pageViews", hash.getOrDefault(PAGE_VIEWS, "0"));
		model.addAttribute("ttl", this.redis.getExpire(key));
		model.addAttribute("idleTimeout", session.getMaxInactiveInterval());
		model.addAttribute("otherSessions", otherSessions(authentication.getName(), session.getId()));
		return "session";
	}

	@PostMapping("/views")
	String countView(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.repository.incrementAttribute(session.getId(), PAGE_VIEWS, 1);
		}
		return "redirect:/";
	}

	@PostMapping("/ttl")
	String changeTimeout(HttpServletRequest request, @RequestParam int seconds) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.setMaxInactiveInterval(IdleTimeouts.clamp(seconds));
		}
		return "redirect:/";
	}

	@PostMapping("/sessions/others/sign-out")
	String signOutOtherSessions(HttpServletRequest request, Authentication authentication) {
		HttpSession session = request.getSession(false);
		String currentId = (session != null) ? session.getId() : "";
		this.repository.findByPrincipalName(authentication.getName())
			.keySet()
			.stream()
			.filter((id) -> !id.equals(currentId))
			.forEach(this.repository::deleteById);
		return "redirect:/";
	}

	private List<OtherSession> otherSessions(String username, String currentId) {
		return this.repository.findByPrincipalName(username)
			.values()
			.stream()
			.filter((other) -> !other.getId().equals(currentId))
			.map(OtherSession::of)
			.toList();
	}

	/**
	 * Another session of the signed-in user, as the page lists it.
	 *
	 * @param id the masked session ID
	 * @param createdAt when the session was created
	 * @param lastAccessedAt when the session was last used
	 */
	record OtherSession(String id, String createdAt, String lastAccessedAt) {

		static OtherSession of(RedisHashSession session) {
			return new OtherSession(MaskedIds.mask(session.getId()), format(session.getCreationTime()),
					format(session.getLastAccessedTime()));
		}

		private static String format(Instant instant) {
			return TIME.format(instant);
		}

	}

}
