package io.sessionstore.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP client over a plain socket, enough to administer a test server and to
 * read a {@code MONITOR} stream.
 */
final class Resp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	Resp(String host, int port, int timeoutMillis) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(host, port), timeoutMillis);
		this.socket.setSoTimeout(timeoutMillis);
		this.in = new BufferedInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
	}

	void send(String... args) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			buffer.writeBytes(bytes);
			buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		this.out.write(buffer.toByteArray());
		this.out.flush();
	}

	String call(String... args) throws IOException {
		send(args);
		return readReply();
	}

	String readReply() throws IOException {
		String line = readLine();
		char type = line.charAt(0);
		String rest = line.substring(1);
		return switch (type) {
			case '+', ':' -> rest;
			case '-' -> throw new IOException("Redis error: " + rest);
			case '$' -> readBulk(Integer.parseInt(rest));
			case '*' -> readArray(Integer.parseInt(rest));
			default -> throw new IOException("Unexpected reply: " + line);
		};
	}

	String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = this.in.read();
			if (next == -1) {
				throw new IOException("Connection closed");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	private String readBulk(int length) throws IOException {
		if (length < 0) {
			return "(nil)";
		}
		byte[] bytes = this.in.readNBytes(length + 2);
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private String readArray(int size) throws IOException {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			items.add(readReply());
		}
		return String.join("\n", items);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
