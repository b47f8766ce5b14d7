package io.sessionstore.benchmarks.http;

/**
 * The ways {@link SessionBenchmarkApplication} runs: the profile picks the store.
 */
public enum HttpMode {

	/** Sessions in session-store, through its starter. */
	SESSION_STORE("session-store", "session-store"),

	/**
	 * Sessions in session-store, through its starter, with its near cache on
	 * ({@code session-store.near-cache.enabled=true}).
	 */
	SESSION_STORE_NEAR_CACHE("near-cache", "session-store, near cache"),

	/** Sessions in Spring Session's {@code RedisSessionRepository} (JDK serialization). */
	SPRING_SESSION("spring-session", "Spring `RedisSessionRepository`, JDK"),

	/**
	 * Sessions in memory behind Spring Session's filter ({@code MapSessionRepository}):
	 * the ceiling of any Spring Session backend, near cache or not.
	 */
	SPRING_SESSION_MAP("spring-session-map", "Spring Session's filter, `MapSessionRepository` (in memory)"),

	/** Sessions in the servlet container's memory: Tomcat's own, no Spring Session. */
	IN_MEMORY("in-memory", "Tomcat's in-memory sessions");

	private final String profile;

	private final String title;

	HttpMode(String profile, String title) {
		this.profile = profile;
		this.title = title;
	}

	/**
	 * Return the profile that selects this mode.
	 * @return the profile name
	 */
	public String profile() {
		return this.profile;
	}

	/**
	 * Return whether the application keeps a near cache of the sessions it has read.
	 * @return whether it has a near cache
	 */
	public boolean hasNearCache() {
		return this == SESSION_STORE_NEAR_CACHE;
	}

	/**
	 * Return how the mode is named in reports.
	 * @return the title, in Markdown
	 */
	public String title() {
		return this.title;
	}

}
