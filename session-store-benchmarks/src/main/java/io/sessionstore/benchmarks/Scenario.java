package io.sessionstore.benchmarks;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The session work of one request, as a web application does it.
 */
public enum Scenario {

	/** Reads a signed-in user's {@code SecurityContext} and username from an existing session. */
	READ_ONLY("read-only") {
		@Override
		void handle(HttpServletRequest request) {
			signedInSession(request);
		}
	},

	/** Reads as {@link #READ_ONLY} does, then sets one attribute of the session. */
	SET_ONE_ATTRIBUTE("sets one attribute") {
		@Override
		void handle(HttpServletRequest request) {
			SessionContent.count(signedInSession(request));
		}
	},

	/** Creates a session holding a signed-in user's content. */
	CREATE("creates a session") {
		@Override
		void handle(HttpServletRequest request) {
			SessionContent.fill(request.getSession(), request.getParameter(SessionRequests.USER_PARAMETER));
		}
	},

	/** Changes the ID of an existing session, as Spring Security does on sign-in. */
	CHANGE_SESSION_ID("changeSessionId") {
		@Override
		void handle(HttpServletRequest request) {
			existingSession(request);
			request.changeSessionId();
		}
	},

	/** Invalidates an existing session, as a sign-out does. */
	INVALIDATE("invalidate") {
		@Override
		void handle(HttpServletRequest request) {
			existingSession(request).invalidate();
		}
	};

	private final String title;

	Scenario(String title) {
		this.title = title;
	}

	/**
	 * Return how the scenario is named in reports.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	abstract void handle(HttpServletRequest request);

	/**
	 * Return the request's session after reading what a signed-in user's request reads
	 * of it.
	 */
	private static HttpSession signedInSession(HttpServletRequest request) {
		HttpSession session = existingSession(request);
		if (SessionContent.signedInUser(session) == null) {
			throw new IllegalStateException("The session lost its user");
		}
		return session;
	}

	private static HttpSession existingSession(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			throw new IllegalStateException("The request's session was not found");
		}
		return session;
	}

}
