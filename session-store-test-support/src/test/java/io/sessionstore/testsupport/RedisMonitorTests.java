package io.sessionstore.testsupport;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisMonitorTests {

	@Test
	void parsesAClientCommandWithItsArguments() {
		RedisMonitor.MonitoredCommand command = RedisMonitor
			.parse("+1339518083.107412 [0 127.0.0.1:60866] \"hset\" \"session:abc\" \"username\" \"andrew\"");

		assertThat(command).isEqualTo(
				new RedisMonitor.MonitoredCommand("HSET", List.of("session:abc", "username", "andrew"), false));
	}

	@Test
	void marksCommandsRunInsideScripts() {
		assertThat(RedisMonitor.parse("+1339518083.107412 [0 lua] \"expire\" \"k\" \"60\"").fromScript()).isTrue();
	}

	@Test
	void unescapesQuotesSpacesAndBytes() {
		RedisMonitor.MonitoredCommand command = RedisMonitor
			.parse("+1.0 [0 127.0.0.1:1] \"set\" \"k\" \"say \\\"hi\\\" \\\\ now\\n\\x41\"");

		assertThat(command.args()).containsExactly("k", "say \"hi\" \\ now\nA");
	}

	@Test
	void tellsTheClientThatSentACommand() {
		assertThat(RedisMonitor.client("+1339518083.107412 [0 127.0.0.1:60866] \"ping\"")).isEqualTo("127.0.0.1:60866");
		assertThat(RedisMonitor.client("+1339518083.107412 [3 [::1]:60866] \"ping\"")).isEqualTo("[::1]:60866");
		assertThat(RedisMonitor.client("+1339518083.107412 [0 lua] \"expire\" \"k\" \"60\"")).isEqualTo("lua");
	}

	@Test
	void ignoresLinesThatAreNotCommands() {
		assertThat(RedisMonitor.parse("+OK")).isNull();
		assertThat(RedisMonitor.parse("-ERR something")).isNull();
	}

}
