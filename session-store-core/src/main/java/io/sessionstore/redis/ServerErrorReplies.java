package io.sessionstore.redis;

import java.util.regex.Pattern;

/**
 * Tells the error replies of a server that cannot serve right now (still loading its
 * data, busy with a script, a replica or a demoted master, cut off from its master, a
 * cluster that is down or moving a slot, out of memory under {@code noeviction}) from those of a command that is wrong. The
 * former are the store being unavailable, to be retried later; the latter are errors of
 * the application.
 */
final class ServerErrorReplies {

	private static final Pattern UNAVAILABLE = Pattern
		.compile("(^|[\\s:-])(LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS|OOM)\\b");

	private ServerErrorReplies() {
	}

	static boolean meanUnavailable(String reply) {
		return UNAVAILABLE.matcher(reply).find();
	}

}
