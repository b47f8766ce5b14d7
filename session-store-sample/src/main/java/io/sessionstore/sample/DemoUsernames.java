package io.sessionstore.sample;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The user names the demo accepts: any name of 1 to 32 letters, digits, dots,
 * underscores or dashes, with no password.
 */
final class DemoUsernames {

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,32}");

	private DemoUsernames() {
	}

	static boolean isWellFormed(@Nullable String username) {
		return username != null && WELL_FORMED.matcher(username).matches();
	}

}
