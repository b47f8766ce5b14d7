package io.sessionstore.soak;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.sessionstore.redis.RedisHashSessionRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic mix of requests for a while, from several users at once, through the
 * starter's application on one Redis topology: log in (the session ID rotates), read,
 * write, increment, change the idle timeout, log out, with at most
 * {@value SoakApplication#MAXIMUM_SESSIONS} sessions per user. Afterwards there must be no
 * unexpected response, no lost increment, no session back after its logout, no user over
 * the session limit, and no principal index entry of a session that is gone once swept.
 * The duration is {@code soak.duration} (an ISO-8601 duration), 60 seconds by default.
 */
abstract class SoakContract {

	private static final int VIRTUAL_USERS = 8;

	private static final String EXPIRED_ATTRIBUTE = "org.springframework.session.security."
			+ "SpringSessionBackedSessionInformation.EXPIRED";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	private final Queue<String> endedSessions = new ConcurrentLinkedQueue<>();

	private final AtomicLong logins = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong increments = new AtomicLong();

	private final AtomicLong lostIncrements = new AtomicLong();

	private final AtomicLong endedByLimit = new AtomicLong();

	@LocalServerPort
	private int port;

	@Autowired
	private RedisHashSessionRepository repository;

	@Autowired
	private StringRedisTemplate redis;

	abstract String topology();

	@Test
	void realisticMixLeavesNoErrorNoLostIncrementNoResurrectedSessionAndNoDanglingIndexEntry() throws Exception {
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT60S"));
		Instant deadline = Instant.now().plus(duration);
		ExecutorService executor = Executors.newFixedThreadPool(VIRTUAL_USERS);
		try {
			List<Future<Void>> users = IntStream.range(0, VIRTUAL_USERS)
				.mapToObj((user) -> executor.submit(() -> useUntil(deadline)))
				.toList();
			for (Future<Void> user : users) {
				user.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (int login = 0; login < SoakApplication.USERS * (SoakApplication.MAXIMUM_SESSIONS + 1); login++) {
			logIn(new SoakClient(this.http, this.port), "user" + (login % SoakApplication.USERS));
		}

		long resurrected = this.endedSessions.stream().filter((id) -> this.repository.findById(id) != null).count();
		long overLimit = usersOverTheSessionLimit();
		this.repository.sweepPrincipalIndexes();
		long dangling = danglingIndexEntries();
		System.out.printf("Soak on %s: %d s, %d logins, %d requests, %d increments, %d unexpected responses, "
				+ "%d lost increments, %d resurrected sessions, %d users over the session limit, %d dangling index "
				+ "entries after a sweep; %d sessions ended by the session limit%n", topology(), duration.toSeconds(),
				this.logins.get(), this.requests.get(), this.increments.get(), this.unexpected.size(),
				this.lostIncrements.get(), resurrected, overLimit, dangling, this.endedByLimit.get());

		assertThat(this.unexpected).isEmpty();
		assertThat(this.logins.get()).isGreaterThan(VIRTUAL_USERS);
		assertThat(this.lostIncrements.get()).isZero();
		assertThat(resurrected).isZero();
		assertThat(overLimit).isZero();
		assertThat(dangling).isZero();
	}

	private Void useUntil(Instant deadline) throws Exception {
		while (Instant.now().isBefore(deadline)) {
			oneVisit(new SoakClient(this.http, this.port));
		}
		return null;
	}

	private void oneVisit(SoakClient browser) throws IOException, InterruptedException {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		expect(browser.post("/public/note?value=anonymous"), 200);
		String anonymousId = browser.sessionId();
		String sessionId = logIn(browser, "user" + random.nextInt(SoakApplication.USERS));
		if (sessionId == null || sessionId.equals(anonymousId) || this.repository.findById(anonymousId) != null) {
			this.unexpected.add("login did not rotate " + anonymousId + " to a new session");
			return;
		}
		long counter = 0;
		for (int operation = 0, count = 5 + random.nextInt(10); operation < count; operation++) {
			HttpResponse<String> response = switch (random.nextInt(4)) {
				case 0 -> browser.get("/note");
				case 1 -> browser.post("/note?value=v" + operation);
				case 2 -> browser.post("/counter");
				default -> browser.post("/ttl?seconds=" + (600 + random.nextInt(1200)));
			};
			this.requests.incrementAndGet();
			if (response.statusCode() == 409 && SoakApplication.EXPIRED_BY_LIMIT.equals(response.body())) {
				this.endedByLimit.incrementAndGet();
				this.endedSessions.add(sessionId);
				return;
			}
			if (expect(response, 200) && response.request().uri().getPath().equals("/counter")) {
				counter++;
				this.increments.incrementAndGet();
				if (Long.parseLong(response.body()) != counter) {
					this.unexpected.add("increment " + counter + " answered " + response.body());
				}
			}
		}
		HttpResponse<String> read = browser.get("/counter");
		if (read.statusCode() == 200) {
			this.lostIncrements.addAndGet(counter - Long.parseLong(read.body()));
		}
		else if (!(read.statusCode() == 409 && SoakApplication.EXPIRED_BY_LIMIT.equals(read.body()))) {
			expect(read, 200);
		}
		expect(browser.post("/logout"), 200);
		this.endedSessions.add(sessionId);
	}

	private String logIn(SoakClient browser, String username) throws IOException, InterruptedException {
		expect(browser.logIn(username, SoakApplication.PASSWORD), 200);
		this.logins.incrementAndGet();
		return browser.sessionId();
	}

	private boolean expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			this.unexpected.add(response.request().method() + " " + response.request().uri().getPath() + " answered "
					+ response.statusCode() + " " + response.body());
			return false;
		}
		return true;
	}

	private long usersOverTheSessionLimit() {
		long over = 0;
		for (int user = 0; user < SoakApplication.USERS; user++) {
			long live = this.repository.findByPrincipalName("user" + user)
				.values()
				.stream()
				.filter((session) -> session.getAttribute(EXPIRED_ATTRIBUTE) == null)
				.count();
			if (live > SoakApplication.MAXIMUM_SESSIONS) {
				over++;
			}
		}
		return over;
	}

	private long danglingIndexEntries() {
		long dangling = 0;
		for (int user = 0; user < SoakApplication.USERS; user++) {
			String indexKey = this.repository.getNamespace() + ":index:user" + user;
			Set<Object> members = this.redis.opsForHash().keys(indexKey);
			for (Object id : members) {
				if (!Boolean.TRUE.equals(this.redis.hasKey(this.repository.getNamespace() + ":" + id))) {
					dangling++;
				}
			}
		}
		return dangling;
	}

}
