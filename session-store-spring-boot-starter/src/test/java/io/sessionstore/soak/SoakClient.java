package io.sessionstore.soak;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One user's browser in the soak: a real HTTP client that keeps the session cookie it is
 * given, and drops it when the server clears it.
 */
final class SoakClient {

	private static final String COOKIE = "sid";

	private final HttpClient client;

	private final String baseUri;

	private @Nullable String cookieValue;

	SoakClient(HttpClient client, int port) {
		this.client = client;
		this.baseUri = "http://localhost:" + port;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> logIn(String username, String password) throws IOException, InterruptedException {
		String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	@Nullable String sessionId() {
		return this.cookieValue;
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUri + path))
			.timeout(Duration.ofSeconds(10));
		if (this.cookieValue != null) {
			builder.header("Cookie", COOKIE + "=" + this.cookieValue);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith(COOKIE + "="))
			.findFirst()
			.ifPresent((header) -> {
				String value = header.substring(COOKIE.length() + 1, header.indexOf(';'));
				this.cookieValue = value.isEmpty() ? null : value;
			});
		return response;
	}

}
