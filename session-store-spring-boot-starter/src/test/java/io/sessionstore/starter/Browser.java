package io.sessionstore.starter;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser of one user: a real HTTP client that keeps the session cookie it is given.
 */
final class Browser {

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUri;

	private final String cookieName;

	private @Nullable String cookieValue;

	Browser(int port, String cookieName) {
		this("http://localhost:" + port, cookieName);
	}

	private Browser(String baseUri, String cookieName) {
		this.baseUri = baseUri;
		this.cookieName = cookieName;
	}

	/**
	 * Return a browser of the same user, with the same cookie, on another application
	 * instance.
	 * @param port the port of the other instance
	 * @return the browser
	 */
	Browser onPort(int port) {
		Browser other = new Browser(port, this.cookieName);
		other.cookieValue = this.cookieValue;
		return other;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	HttpResponse<String> post(String path) {
		return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
	}

	HttpResponse<String> postForm(String path, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map((entry) -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> logIn(String username, String password) {
		return postForm("/login", Map.of("username", username, "password", password));
	}

	/**
	 * Return a browser of the same user whose cookie carries the given value instead.
	 * @param value the cookie value
	 * @return the browser
	 */
	Browser withCookieValue(String value) {
		Browser other = new Browser(this.baseUri, this.cookieName);
		other.cookieValue = value;
		return other;
	}

	/**
	 * Return the session ID that the cookie carries: the raw ID.
	 * @return the session ID
	 */
	String sessionId() {
		if (this.cookieValue == null) {
			throw new IllegalStateException("No " + this.cookieName + " cookie was set");
		}
		return this.cookieValue;
	}

	Optional<String> sessionCookieHeader(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith(this.cookieName + "="))
			.findFirst();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUri + path))
			.timeout(Duration.ofSeconds(20));
		if (this.cookieValue != null) {
			builder.header("Cookie", this.cookieName + "=" + this.cookieValue);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			sessionCookieHeader(response).ifPresent(this::keep);
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void keep(String setCookie) {
		int end = setCookie.indexOf(';');
		String value = setCookie.substring(this.cookieName.length() + 1, (end != -1) ? end : setCookie.length());
		this.cookieValue = value.isEmpty() ? null : value;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
