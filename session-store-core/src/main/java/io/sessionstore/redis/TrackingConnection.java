package io.sessionstore.redis;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.TrackingInfo;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.ComplexOutput;
import io.lettuce.core.output.TrackingInfoParser;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lettuce connection of the near cache: RESP3, so that Redis's invalidation messages
 * arrive on the same connection as the reads they concern, in order, and the reads that
 * fill the cache. It never writes.
 * <p>
 * Tracking is enabled in its default mode, in which Redis remembers the keys this
 * connection has read and tells it once when one of them changes, rather than in
 * broadcast mode with the namespace prefix, in which every node is told of every write of
 * every session. Default mode costs Redis some memory per key and node (about 70 bytes
 * measured on Redis 7.0), bounded by what the nodes have read, and sends a write's
 * invalidation only to the nodes that hold the session; broadcast mode costs no memory but
 * sends every node every write, so its traffic grows with the number of nodes times the
 * write rate of the whole namespace.
 * <p>
 * Lettuce does not enable tracking again after it reconnects, so the listener is told of
 * every disconnection and connection and enables it itself.
 */
final class TrackingConnection implements PushListener, RedisConnectionStateListener {

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final StatefulRedisConnection<String, byte[]> connection;

	private final Listener listener;

	private final String readScript;

	private final String readScriptSha;

	private TrackingConnection(StatefulRedisConnection<String, byte[]> connection, RedisScript<?> readScript,
			Listener listener) {
		this.connection = connection;
		this.listener = listener;
		this.readScript = readScript.getScriptAsString();
		this.readScriptSha = readScript.getSha1();
	}

	/**
	 * Open a connection from the given client and listen to it.
	 * @throws UnsupportedOperationException if the client has no single server to connect
	 * to, or the connection does not speak RESP3
	 */
	static TrackingConnection open(RedisClient client, RedisScript<?> readScript, Listener listener) {
		StatefulRedisConnection<String, byte[]> connection;
		try {
			connection = client.connect(CODEC);
		}
		catch (IllegalStateException ex) {
			throw new UnsupportedOperationException("the connection factory's client has no single server to connect "
					+ "to, as with a static master/replica setup (" + ex.getMessage() + ")", ex);
		}
		ProtocolVersion protocol = (connection instanceof StatefulRedisConnectionImpl<?, ?> impl)
				? impl.getConnectionState().getNegotiatedProtocolVersion() : null;
		if (protocol != ProtocolVersion.RESP3) {
			connection.close();
			throw new UnsupportedOperationException("the connection to Redis speaks " + protocol
					+ ", and invalidation messages need RESP3 (Redis 6.2 or newer, with Lettuce's protocol version "
					+ "left at its default or set to RESP3)");
		}
		TrackingConnection tracking = new TrackingConnection(connection, readScript, listener);
		connection.addListener((PushListener) tracking);
		connection.addListener((RedisConnectionStateListener) tracking);
		return tracking;
	}

	/**
	 * Send {@code CLIENT TRACKING ON}, then {@code CLIENT TRACKINGINFO} to confirm it,
	 * without blocking: safe on Lettuce's event loop.
	 */
	CompletionStage<TrackingInfo> enableTracking() {
		RedisAsyncCommands<String, byte[]> commands = this.connection.async();
		return commands.clientTracking(TrackingArgs.Builder.enabled())
			.thenCompose((ok) -> commands.dispatch(CommandType.CLIENT, trackingInfoOutput(),
					new CommandArgs<>(CODEC).add(CommandKeyword.TRACKINGINFO)));
	}

	/**
	 * Return the output of {@code CLIENT TRACKINGINFO} with text values: Lettuce's own
	 * decodes them with the connection's codec, whose byte array values it cannot parse.
	 */
	@SuppressWarnings("unchecked")
	private static CommandOutput<String, byte[], TrackingInfo> trackingInfoOutput() {
		CommandOutput<?, ?, TrackingInfo> output = new ComplexOutput<>(StringCodec.UTF8, TrackingInfoParser.INSTANCE);
		return (CommandOutput<String, byte[], TrackingInfo>) output;
	}

	/**
	 * Read a session's hash and its remaining time to live in one script, which Redis
	 * tracks for this connection.
	 */
	Read read(String key) {
		List<Object> reply;
		try {
			reply = this.connection.sync().evalsha(this.readScriptSha, ScriptOutputType.MULTI, key);
		}
		catch (RedisNoScriptException ex) {
			reply = this.connection.sync().eval(this.readScript, ScriptOutputType.MULTI, key);
		}
		List<byte[]> hash = ((List<?>) reply.get(0)).stream().map(byte[].class::cast).toList();
		return new Read(hash, (Long) reply.get(1));
	}

	/**
	 * Send {@code PING} and wait for its answer: every invalidation message that Redis
	 * sent on this connection before it has been handed to the listener by then.
	 */
	void ping() {
		this.connection.sync().ping();
	}

	void close() {
		this.connection.close();
	}

	@Override
	public void onPushMessage(PushMessage message) {
		if (!"invalidate".equals(message.getType())) {
			return;
		}
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		this.listener.invalidated((keys instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : null);
	}

	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		this.listener.connected();
	}

	@Override
	public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
		this.listener.disconnected();
	}

	/**
	 * A read of a session for the near cache.
	 *
	 * @param hash the hash as a flat field/value list, empty when there is no such session
	 * @param pttl the key's remaining time to live in milliseconds, -1 for none
	 */
	record Read(List<byte[]> hash, long pttl) {
	}

	/**
	 * Told what happens on the connection, on Lettuce's event loop: it must not block.
	 */
	interface Listener {

		/**
		 * Keys changed in Redis, or every key when {@code keys} is {@code null} (a flush).
		 */
		void invalidated(@Nullable List<String> keys);

		void connected();

		void disconnected();

	}

}
