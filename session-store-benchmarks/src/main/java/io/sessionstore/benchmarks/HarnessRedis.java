package io.sessionstore.benchmarks;

import java.util.List;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The connection from a benchmark to the Redis server that the harness started; the
 * harness passes its port in the {@value #PORT_PROPERTY} system property.
 */
public final class HarnessRedis implements AutoCloseable {

	/** The system property naming the port of the harness's Redis. */
	public static final String PORT_PROPERTY = "sessionstore.benchmarks.redis-port";

	private final LettuceConnectionFactory connectionFactory;

	private HarnessRedis(int port) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	/**
	 * Connect to the Redis named by {@value #PORT_PROPERTY}.
	 * @return the connection
	 */
	public static HarnessRedis connect() {
		String port = System.getProperty(PORT_PROPERTY);
		if (port == null) {
			throw new IllegalStateException("Run the benchmarks through BenchmarkSuite, which starts Redis and sets "
					+ PORT_PROPERTY);
		}
		return connect(Integer.parseInt(port));
	}

	static HarnessRedis connect(int port) {
		return new HarnessRedis(port);
	}

	/**
	 * Return the connection factory that the stores use.
	 * @return the connection factory
	 */
	public LettuceConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Delete every key, so that each trial starts from an empty Redis.
	 */
	public void flushAll() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().flushAll();
		}
	}

	/**
	 * Copy a session's hash to {@code count} new keys, each with a one-hour TTL, so that
	 * Redis holds as many sessions as a large deployment.
	 * @param sessionKey the key of the session to copy
	 * @param keyPrefix the prefix of the copies' keys
	 * @param count how many copies to write
	 */
	public void copySession(String sessionKey, String keyPrefix, int count) {
		int batch = 50_000;
		for (int first = 1; first <= count; first += batch) {
			int last = Math.min(count, first + batch - 1);
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				connection.scriptingCommands()
					.eval(COPY_SCRIPT, ReturnType.INTEGER, 1,
							sessionKey.getBytes(), keyPrefix.getBytes(), Integer.toString(first).getBytes(),
							Integer.toString(last).getBytes());
			}
		}
	}

	/**
	 * Return the keys and the bytes that Redis uses for them, by {@code MEMORY USAGE}
	 * with {@code SAMPLES 0}, as they settle once in use: a hash, set or sorted set that
	 * has just outgrown its table keeps both tables until lookups have moved every entry
	 * to the new one, and {@code MEMORY USAGE} counts both meanwhile. So each key gets
	 * enough lookups first to finish any such move, as a session's next requests would.
	 * @return the memory use of every key
	 */
	public List<KeyMemory> memoryUsage() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.keyCommands()
				.keys("*".getBytes())
				.stream()
				.map((key) -> new KeyMemory(new String(key),
						connection.scriptingCommands().<Long>eval(MEMORY_USAGE_SCRIPT, ReturnType.INTEGER, 1, key)))
				.toList();
		}
	}

	/**
	 * Read a server setting.
	 * @param name the setting
	 * @return its value
	 */
	public String config(String name) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.serverCommands().getConfig(name).getProperty(name);
		}
	}

	/**
	 * Change a server setting.
	 * @param name the setting
	 * @param value its new value
	 */
	public void config(String name, String value) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().setConfig(name, value);
		}
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

	private static final byte[] COPY_SCRIPT = """
			local fields = redis.call('HGETALL', KEYS[1])
			for i = tonumber(ARGV[2]), tonumber(ARGV[3]) do
			  local key = ARGV[1] .. string.format('%012d', i)
			  redis.call('HSET', key, unpack(fields))
			  redis.call('PEXPIRE', key, 3600000)
			end
			return tonumber(ARGV[3]) - tonumber(ARGV[2]) + 1
			""".getBytes();

	private static final byte[] MEMORY_USAGE_SCRIPT = """
			local lookups = {
			  hash = { size = 'HLEN', lookup = 'HEXISTS' },
			  set = { size = 'SCARD', lookup = 'SISMEMBER' },
			  zset = { size = 'ZCARD', lookup = 'ZSCORE' },
			}
			local kind = lookups[redis.call('TYPE', KEYS[1]).ok]
			if kind then
			  for _ = 0, redis.call(kind.size, KEYS[1]) do
			    redis.call(kind.lookup, KEYS[1], '')
			  end
			end
			return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')
			""".getBytes();

	/**
	 * A key and the bytes Redis uses for it.
	 *
	 * @param key the key
	 * @param bytes the bytes reported by {@code MEMORY USAGE}
	 */
	public record KeyMemory(String key, long bytes) {
	}

}
