package io.sessionstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Records the commands that Redis servers receive, through {@code MONITOR} on a
 * connection of its own to each, so tests can count exactly what a piece of code sends:
 * to one server, or to every master of a Redis Cluster.
 * <p>
 * Commands of Redis Sentinels that watch a server (their pings, {@code INFO} and hello
 * messages) are left out: they come from connections that Sentinels name
 * {@code sentinel-<id>-cmd} and {@code sentinel-<id>-pubsub}, and commands from a
 * connection so named when the recording starts or ends are not the test's.
 */
public final class RedisMonitor implements AutoCloseable {

	private final List<RedisServer> servers;

	private final List<Resp> monitors = new ArrayList<>();

	private RedisMonitor(Collection<RedisServer> servers) throws IOException {
		this.servers = List.copyOf(servers);
		try {
			for (RedisServer server : this.servers) {
				Resp monitor = new Resp(server.host(), server.port(), 30_000);
				this.monitors.add(monitor);
				String reply = monitor.call("MONITOR");
				if (!"OK".equals(reply)) {
					throw new IOException("MONITOR answered " + reply);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Start monitoring the given server.
	 * @param server the server
	 * @return the monitor, ready to record
	 */
	public static RedisMonitor attach(RedisServer server) {
		return attach(List.of(server));
	}

	/**
	 * Start monitoring every given server, such as the masters of a Redis Cluster.
	 * @param servers the servers
	 * @return the monitor, ready to record
	 */
	public static RedisMonitor attach(Collection<RedisServer> servers) {
		try {
			return new RedisMonitor(servers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Run an action and return every command the servers received while it ran,
	 * including those run inside scripts (see {@link MonitoredCommand#fromScript()}): in
	 * the order each server received them, server after server.
	 * @param action the action
	 * @return the commands
	 * @throws Exception what the action throws
	 */
	public List<MonitoredCommand> record(ThrowingRunnable action) throws Exception {
		String start = "monitor-start-" + UUID.randomUUID();
		String end = "monitor-end-" + UUID.randomUUID();
		List<Set<String>> sentinelClientsAtStart = new ArrayList<>();
		for (int i = 0; i < this.servers.size(); i++) {
			sentinelClientsAtStart.add(sentinelClients(this.servers.get(i)));
			this.servers.get(i).command("ECHO", start);
			readUntil(this.monitors.get(i), start);
		}
		action.run();
		List<MonitoredCommand> commands = new ArrayList<>();
		for (int i = 0; i < this.servers.size(); i++) {
			RedisServer server = this.servers.get(i);
			server.command("ECHO", end);
			List<Received> received = readUntil(this.monitors.get(i), end);
			Set<String> sentinels = new HashSet<>(sentinelClientsAtStart.get(i));
			sentinels.addAll(sentinelClients(server));
			received.stream()
				.filter((command) -> !sentinels.contains(command.client()))
				.map(Received::command)
				.forEach(commands::add);
		}
		return commands;
	}

	/**
	 * Return the commands that clients sent, leaving out those run inside scripts.
	 * @param commands recorded commands
	 * @return the commands sent by clients
	 */
	public static List<MonitoredCommand> clientCommands(List<MonitoredCommand> commands) {
		return commands.stream().filter((command) -> !command.fromScript()).toList();
	}

	private static List<Received> readUntil(Resp monitor, String marker) throws IOException {
		List<Received> commands = new ArrayList<>();
		while (true) {
			String line = monitor.readLine();
			MonitoredCommand command = parse(line);
			if (command == null) {
				continue;
			}
			if (command.name().equals("ECHO") && command.args().equals(List.of(marker))) {
				return commands;
			}
			commands.add(new Received(client(line), command));
		}
	}

	private static Set<String> sentinelClients(RedisServer server) {
		Set<String> addresses = new HashSet<>();
		for (String client : server.command("CLIENT", "LIST").split("\\R")) {
			String address = null;
			boolean sentinel = false;
			for (String field : client.split(" ")) {
				if (field.startsWith("addr=")) {
					address = field.substring("addr=".length());
				}
				else if (field.startsWith("name=sentinel-")) {
					sentinel = true;
				}
			}
			if (sentinel && address != null) {
				addresses.add(address);
			}
		}
		return addresses;
	}

	/**
	 * Return the client that sent a monitored command: its {@code host:port} address, or
	 * {@code lua} for a command run inside a script.
	 */
	static String client(String line) {
		int clientStart = line.indexOf('[');
		int clientEnd = line.indexOf("] ", clientStart);
		String client = line.substring(clientStart + 1, clientEnd);
		return client.substring(client.indexOf(' ') + 1);
	}

	static @Nullable MonitoredCommand parse(String line) {
		if (!line.startsWith("+")) {
			return null;
		}
		int clientStart = line.indexOf('[');
		int clientEnd = line.indexOf(']', clientStart);
		if (clientStart < 0 || clientEnd < 0) {
			return null;
		}
		boolean fromScript = line.substring(clientStart + 1, clientEnd).endsWith(" lua");
		List<String> words = quotedWords(line.substring(clientEnd + 1));
		if (words.isEmpty()) {
			return null;
		}
		return new MonitoredCommand(words.get(0).toUpperCase(Locale.ROOT), List.copyOf(words.subList(1, words.size())),
				fromScript);
	}

	private static List<String> quotedWords(String text) {
		List<String> words = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			if (text.charAt(i) != '"') {
				i++;
				continue;
			}
			StringBuilder word = new StringBuilder();
			i++;
			while (i < text.length() && text.charAt(i) != '"') {
				char c = text.charAt(i);
				if (c == '\\' && i + 1 < text.length()) {
					char escaped = text.charAt(i + 1);
					switch (escaped) {
						case 'n' -> word.append('\n');
						case 'r' -> word.append('\r');
						case 't' -> word.append('\t');
						case 'a' -> word.append('\u0007');
						case 'b' -> word.append('\b');
						case 'x' -> {
							word.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
							i += 2;
						}
						default -> word.append(escaped);
					}
					i += 2;
				}
				else {
					word.append(c);
					i++;
				}
			}
			words.add(word.toString());
			i++;
		}
		return words;
	}

	@Override
	public void close() {
		IOException failure = null;
		for (Resp monitor : this.monitors) {
			try {
				monitor.close();
			}
			catch (IOException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		if (failure != null) {
			throw new UncheckedIOException(failure);
		}
	}

	/**
	 * An action that may throw.
	 */
	@FunctionalInterface
	public interface ThrowingRunnable {

		/**
		 * Run the action.
		 * @throws Exception what the action throws
		 */
		void run() throws Exception;

	}

	/**
	 * One command as {@code MONITOR} reported it.
	 *
	 * @param name the command name, upper-cased
	 * @param args the arguments, the key first where the command has one
	 * @param fromScript whether the command ran inside a Lua script
	 */
	public record MonitoredCommand(String name, List<String> args, boolean fromScript) {
	}

	private record Received(String client, MonitoredCommand command) {
	}

}
