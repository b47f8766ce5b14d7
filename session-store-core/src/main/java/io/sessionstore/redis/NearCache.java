package io.sessionstore.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.TrackingInfo;
import io.lettuce.core.cluster.RedisClusterClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The sessions a node has read, kept in its heap and kept correct by Redis's
 * server-assisted client-side caching: each entry is a session as read from its hash
 * (its times, timeout and principal parsed once, its attributes still in their stored
 * bytes, never decoded objects that a request could change), until Redis says the key
 * changed, the key's TTL runs out, or the bounds (entries, bytes) evict it.
 * <p>
 * Correctness rests on three rules.
 * <ul>
 * <li>Entries are filled only by reads on the {@link TrackingConnection}, whose
 * invalidation messages arrive on the same socket as the replies: an invalidation for a
 * change made after a read arrives after that read's reply.</li>
 * <li>A fill places a fresh token for its key before it sends the read; an invalidation of
 * the key (or a local write) removes the token, and the reply is installed only if its own
 * token is still there and the connection epoch has not changed. A change that Redis
 * applied before the read therefore only costs a later miss, and one applied after it
 * removes the entry once its message arrives. Installs and invalidations of one key are
 * serialized by the token map.</li>
 * <li>On a disconnection the epoch moves on and everything is dropped; until tracking is
 * enabled again and confirmed ({@code CLIENT TRACKINGINFO}), nothing is served or filled,
 * and reads go to Redis as without the near cache.</li>
 * </ul>
 * Where the near cache cannot work (no Lettuce connection factory, Redis Cluster, a
 * connection without RESP3, a server or proxy that refuses {@code CLIENT TRACKING}) it
 * says so once in the log and stays off.
 */
final class NearCache implements TrackingConnection.Listener {

	private static final Log logger = LogFactory.getLog(NearCache.class);

	private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

	private static final int ENTRY_OVERHEAD = 16;

	private final RedisConnectionFactory connectionFactory;

	private final SessionCommands commands;

	private final NearCacheOptions options;

	private final BiFunction<String, List<byte[]>, @Nullable StoredSession> mapper;

	private final Cache<String, Entry> entries;

	private final ConcurrentHashMap<String, Object> pending = new ConcurrentHashMap<>();

	private final RecentTouches touches;

	private final AtomicLong epoch = new AtomicLong();

	private volatile long armedEpoch = -1;

	private final AtomicBoolean starting = new AtomicBoolean();

	private volatile long nextAttemptNanos = System.nanoTime();

	private volatile @Nullable TrackingConnection connection;

	private volatile boolean off;

	private volatile boolean closed;

	private volatile boolean everArmed;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	/**
	 * @param mapper reads a session from its ID and non-empty flat hash; {@code null} for
	 * a hash that is not a session
	 */
	NearCache(RedisConnectionFactory connectionFactory, SessionCommands commands, NearCacheOptions options,
			BiFunction<String, List<byte[]>, @Nullable StoredSession> mapper) {
		this.connectionFactory = connectionFactory;
		this.commands = commands;
		this.options = options;
		this.mapper = mapper;
		int minimumWeight = (int) Math.min(Integer.MAX_VALUE,
				Math.max(1, options.getMaximumSize() / options.getMaximumEntries()));
		this.entries = Caffeine.newBuilder()
			.maximumWeight(Math.min(options.getMaximumSize(), minimumWeight * options.getMaximumEntries()))
			.weigher((String key, Entry entry) -> Math.max(minimumWeight, entry.weight()))
			.expireAfter(new UntilKeyExpires())
			.executor(Runnable::run)
			.build();
		this.touches = new RecentTouches(options.getTouchInterval(), options.getMaximumEntries());
	}

	NearCacheOptions options() {
		return this.options;
	}

	RecentTouches touches() {
		return this.touches;
	}

	/**
	 * Start connecting in the background, or enable tracking again on a connection where
	 * it was suspended and Lettuce's reconnection did not bring it back, unless the cache
	 * is active, off, or the last attempt was too recent.
	 */
	void start() {
		TrackingConnection connection = this.connection;
		if ((connection != null && isActive()) || this.off || this.closed
				|| System.nanoTime() - this.nextAttemptNanos < 0 || !this.starting.compareAndSet(false, true)) {
			return;
		}
		if (connection != null) {
			this.starting.set(false);
			arm(connection);
			return;
		}
		Thread thread = new Thread(this::connect, "session-store-near-cache");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Return whether tracking is confirmed on the current connection, so that sessions
	 * are served and filled.
	 */
	boolean isActive() {
		return !this.off && this.armedEpoch == this.epoch.get();
	}

	/**
	 * Return the cached session, or {@code null} when it is not cached or the cache is not
	 * active.
	 */
	@Nullable StoredSession get(String id) {
		start();
		if (!isActive()) {
			return null;
		}
		Entry entry = this.entries.getIfPresent(this.commands.sessionKey(id));
		return (entry != null && entry.epoch() == this.epoch.get()) ? entry.session() : null;
	}

	/**
	 * Read a session through the tracking connection and keep it, unless an invalidation
	 * of its key or a disconnection came in between.
	 * @return what was read, or {@code null} when the cache is not active and the caller
	 * must read as without it
	 * @throws SessionStoreUnavailableException if Redis cannot be reached or does not answer
	 * within the command timeout
	 */
	@Nullable Fill fill(String id) {
		TrackingConnection connection = this.connection;
		long fetchEpoch = this.epoch.get();
		if (connection == null || this.off || this.armedEpoch != fetchEpoch) {
			return null;
		}
		String key = this.commands.sessionKey(id);
		Object token = new Object();
		this.pending.put(key, token);
		long sentAt = System.nanoTime();
		TrackingConnection.Read read;
		try {
			read = connection.read(key);
		}
		catch (RedisCommandExecutionException ex) {
			this.pending.remove(key, token);
			if (ServerErrorReplies.meanUnavailable(String.valueOf(ex.getMessage()))) {
				throw new SessionStoreUnavailableException("Redis is unavailable while loading a session", ex);
			}
			turnOff("Redis refused its read (" + ex.getMessage() + ")", true);
			return null;
		}
		catch (RedisCommandTimeoutException ex) {
			this.pending.remove(key, token);
			suspend(fetchEpoch, "Redis did not answer its read within the command timeout");
			throw new SessionStoreUnavailableException("Redis did not answer within the command timeout while loading "
					+ "a session", ex);
		}
		catch (RedisException ex) {
			this.pending.remove(key, token);
			suspend(fetchEpoch, "its read failed (" + ex.getMessage() + ")");
			return null;
		}
		catch (RuntimeException ex) {
			this.pending.remove(key, token);
			turnOff("its read failed (" + ex + ")", true);
			return null;
		}
		StoredSession session = read.hash().isEmpty() ? null : this.mapper.apply(id, read.hash());
		if (session == null || read.pttl() == 0 || read.pttl() < -1) {
			this.pending.remove(key, token);
			return new Fill(session);
		}
		long expiresAt = (read.pttl() == -1) ? Long.MAX_VALUE
				: sentAt + TimeUnit.MILLISECONDS.toNanos(read.pttl());
		Entry entry = new Entry(session, expiresAt, fetchEpoch, weigh(key, read.hash()));
		this.pending.computeIfPresent(key, (k, current) -> {
			if (current != token) {
				return current;
			}
			if (this.epoch.get() == fetchEpoch && this.armedEpoch == fetchEpoch) {
				this.entries.put(k, entry);
			}
			return null;
		});
		return new Fill(session);
	}

	/**
	 * Drop a session from this node's cache, and stop any read of it in flight from
	 * entering it: after a write of this node, which must not wait for Redis's message.
	 */
	void invalidate(String id) {
		invalidateKey(this.commands.sessionKey(id));
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	long hitCount() {
		return this.hits.sum();
	}

	long missCount() {
		return this.misses.sum();
	}

	long invalidationCount() {
		return this.invalidations.sum();
	}

	long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	/**
	 * Wait until every invalidation message that Redis sent before now has been applied:
	 * a {@code PING} on the tracking connection, whose answer follows them.
	 */
	void awaitInvalidations() {
		TrackingConnection connection = this.connection;
		if (connection != null) {
			connection.ping();
		}
	}

	void close() {
		this.closed = true;
		this.epoch.incrementAndGet();
		clear();
		closeConnection();
	}

	@Override
	public void invalidated(@Nullable List<String> keys) {
		if (keys == null) {
			this.invalidations.increment();
			clear();
			return;
		}
		for (String key : keys) {
			this.invalidations.increment();
			invalidateKey(key);
		}
	}

	/**
	 * Leave the server this node tracks on, which is no longer the master: drop every
	 * copy, close the connection and open another, to the master that the client resolves
	 * now (on Sentinel, Lettuce asks the Sentinels). Sessions are read from Redis until
	 * tracking is confirmed on the new connection.
	 */
	void reconnect(String reason) {
		if (this.off || this.closed) {
			return;
		}
		suspend(this.epoch.get(), reason);
		closeConnection();
		this.nextAttemptNanos = System.nanoTime();
		start();
	}

	@Override
	public void connected() {
		TrackingConnection connection = this.connection;
		if (connection != null && !this.off && !this.closed) {
			arm(connection);
		}
	}

	@Override
	public void disconnected() {
		suspend(this.epoch.get(), "the connection to Redis was lost");
	}

	private void connect() {
		try {
			RedisClient client = redisClient();
			if (client == null) {
				return;
			}
			TrackingConnection connection = TrackingConnection.open(client, this.commands.scripts().read, this);
			if (keep(connection)) {
				arm(connection);
			}
		}
		catch (UnsupportedOperationException ex) {
			turnOff(ex.getMessage(), true);
		}
		catch (IllegalStateException ex) {
			this.nextAttemptNanos = System.nanoTime() + RETRY_DELAY.toNanos();
			logger.debug("Near cache not started yet: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			this.nextAttemptNanos = System.nanoTime() + RETRY_DELAY.toNanos();
			if (!this.closed) {
				logger.info("Near cache not started yet: Redis cannot be reached (" + ex.getMessage()
						+ "); sessions are read from Redis meanwhile, and it tries again in " + RETRY_DELAY.toSeconds()
						+ " s");
			}
		}
		finally {
			this.starting.set(false);
		}
	}

	private synchronized boolean keep(TrackingConnection connection) {
		if (this.closed || this.off) {
			connection.close();
			return false;
		}
		this.connection = connection;
		return true;
	}

	private synchronized void closeConnection() {
		TrackingConnection connection = this.connection;
		this.connection = null;
		if (connection != null) {
			connection.close();
		}
	}

	private @Nullable RedisClient redisClient() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			turnOff("it needs a LettuceConnectionFactory, and sessions use a "
					+ this.connectionFactory.getClass().getName(), false);
			return null;
		}
		AbstractRedisClient client = lettuce.getNativeClient();
		if (lettuce.isClusterAware() || client instanceof RedisClusterClient) {
			turnOff("it does not support Redis Cluster yet", false);
			return null;
		}
		if (!(client instanceof RedisClient redisClient)) {
			turnOff("the connection factory has no Lettuce RedisClient", false);
			return null;
		}
		return redisClient;
	}

	private void arm(TrackingConnection connection) {
		this.nextAttemptNanos = System.nanoTime() + RETRY_DELAY.toNanos();
		long armingEpoch = this.epoch.get();
		connection.enableTracking().whenComplete((info, failure) -> armed(armingEpoch, info, failure));
	}

	private void armed(long armingEpoch, @Nullable TrackingInfo info, @Nullable Throwable failure) {
		if (this.epoch.get() != armingEpoch || this.off || this.closed) {
			return;
		}
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof RedisCommandExecutionException refused) {
			if (!ServerErrorReplies.meanUnavailable(String.valueOf(refused.getMessage()))) {
				turnOff("Redis refused CLIENT TRACKING (" + refused.getMessage() + ")", true);
			}
			return;
		}
		if (cause != null || info == null) {
			logger.debug("Near cache: tracking could not be enabled yet", cause);
			return;
		}
		if (!info.getFlags().contains(TrackingInfo.TrackingFlag.ON) || info.getRedirect() > 0) {
			turnOff("CLIENT TRACKINGINFO does not confirm tracking on this connection (" + info + ")", true);
			return;
		}
		this.armedEpoch = armingEpoch;
		if (this.everArmed) {
			logger.info("Near cache on again: tracking confirmed after reconnecting to Redis");
		}
		else {
			this.everArmed = true;
			logger.info("Near cache on: up to " + this.options.getMaximumEntries() + " sessions, "
					+ this.options.getMaximumSize() + " bytes, kept correct by Redis's invalidation messages "
					+ "(CLIENT TRACKING); touch interval " + this.options.getTouchInterval());
		}
	}

	/**
	 * Stop serving and filling until tracking is confirmed again, dropping everything.
	 */
	private void suspend(long seenEpoch, String reason) {
		if (!this.epoch.compareAndSet(seenEpoch, seenEpoch + 1)) {
			return;
		}
		boolean wasActive = this.armedEpoch == seenEpoch;
		this.nextAttemptNanos = System.nanoTime() + RETRY_DELAY.toNanos();
		clear();
		if (wasActive && !this.off && !this.closed) {
			logger.info("Near cache suspended: " + reason
					+ "; sessions are read from Redis until tracking is enabled again");
		}
	}

	private void turnOff(String reason, boolean unexpected) {
		if (this.off) {
			return;
		}
		this.off = true;
		this.epoch.incrementAndGet();
		clear();
		closeConnection();
		String message = "Near cache off: " + reason + "; every session is read from Redis";
		if (unexpected) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
	}

	private void invalidateKey(String key) {
		this.pending.compute(key, (k, current) -> {
			this.entries.invalidate(k);
			return null;
		});
	}

	private void clear() {
		this.pending.clear();
		this.entries.invalidateAll();
	}

	private static int weigh(String key, List<byte[]> hash) {
		long weight = key.length() + ENTRY_OVERHEAD;
		for (byte[] element : hash) {
			weight += element.length + ENTRY_OVERHEAD;
		}
		return (int) Math.min(Integer.MAX_VALUE, weight);
	}

	/**
	 * What a fill read.
	 * @param session the session, or {@code null} when there is none (or its hash is not
	 * a session)
	 */
	record Fill(@Nullable StoredSession session) {
	}

	/**
	 * A cached session, when its key expires, and the connection epoch it was read in.
	 */
	private record Entry(StoredSession session, long expiresAtNanos, long epoch, int weight) {
	}

	/**
	 * Expires an entry when its key expires in Redis, from the TTL read with it and
	 * counted from before the read was sent, so never later than the key.
	 */
	private static final class UntilKeyExpires implements Expiry<String, Entry> {

		@Override
		public long expireAfterCreate(String key, Entry entry, long currentTime) {
			return remaining(entry, currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
			return remaining(entry, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private static long remaining(Entry entry, long currentTime) {
			return (entry.expiresAtNanos() == Long.MAX_VALUE) ? Long.MAX_VALUE
					: Math.max(0, entry.expiresAtNanos() - currentTime);
		}

	}

}
