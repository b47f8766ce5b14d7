package io.sessionstore.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * The sample's one page and its actions.
 */
@Controller
class SessionPageController {

	private static final int SHOWN_VALUE_LENGTH = 160;

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
			return "index";
		}
		String key = this.repository.getNamespace() + ":" + session.getId();
		model.addAttribute("username", authentication.getName());
		model.addAttribute("key", this.repository.getNamespace() + ":" + MaskedIds.mask(session.getId()));
		model.addAttribute("idBefore", session.getAttribute(SecurityConfiguration.ID_BEFORE_LOGIN));
		model.addAttribute("idNow", MaskedIds.mask(session.getId()));
		model.addAttribute("fields", shownFields(this.redis.<String, String>opsForHash().entries(key)));
		model.addAttribute("ttl", this.redis.getExpire(key));
		model.addAttribute("idleTimeout", session.getMaxInactiveInterval());
		model.addAttribute("otherSessions", otherSessions(authentication.getName(), session.getId()));
		return "index";
	}

	@PostMapping("/views")
	String countView(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.repository.incrementAttribute(session.getId(), "page_views", 1);
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
		List<OtherSession> others = new ArrayList<>();
		this.repository.findByPrincipalName(username).forEach((id, other) -> {
			if (!id.equals(currentId)) {
				others.add(OtherSession.of(other));
			}
		});
		return others;
	}

	private static Map<String, String> shownFields(Map<String, String> hash) {
		Map<String, String> shown = new TreeMap<>();
		hash.forEach((field, value) -> shown.put(field,
				(value.length() > SHOWN_VALUE_LENGTH) ? value.substring(0, SHOWN_VALUE_LENGTH) + " …" : value));
		return shown;
	}

	record OtherSession(String id, Instant createdAt, Instant lastAccessedAt) {

		static OtherSession of(RedisHashSession session) {
			return new OtherSession(MaskedIds.mask(session.getId()), session.getCreationTime(),
					session.getLastAccessedTime());
		}

	}

}
