package io.sessionstore.redis.config.annotation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Sends requests to an application on this machine over HTTP, with the {@code SESSION}
 * cookie it is given, and keeps no cookies itself.
 */
final class HttpDriver {

	private final HttpClient client = HttpClient.newHttpClient();

	private final IntSupplier port;

	HttpDriver(IntSupplier port) {
		this.port = port;
	}

	Exchange get(String path, String sessionCookie) throws IOException, InterruptedException {
		return send(request(path, sessionCookie).GET());
	}

	Exchange post(String path, String sessionCookie) throws IOException, InterruptedException {
		return send(request(path, sessionCookie).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path, String sessionCookie) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port.getAsInt() + path))
			.timeout(Duration.ofSeconds(30));
		return sessionCookie.isEmpty() ? request : request.header("Cookie", "SESSION=" + sessionCookie);
	}

	private Exchange send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		String setCookie = response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.findFirst()
			.orElse(null);
		return new Exchange(response.statusCode(), response.body(), response.headers().map(), setCookie);
	}

	/**
	 * A response: its status, body, headers and the {@code SESSION} cookie it sets, if it
	 * sets one.
	 */
	record Exchange(int status, String body, Map<String, List<String>> headers, String setCookie) {

		/**
		 * Return the value of the {@code SESSION} cookie the response sets.
		 */
		String sessionCookie() {
			if (this.setCookie == null) {
				throw new AssertionError("No SESSION cookie in the response; headers: " + this.headers);
			}
			return this.setCookie.substring("SESSION=".length(), this.setCookie.indexOf(';'));
		}

	}

}
