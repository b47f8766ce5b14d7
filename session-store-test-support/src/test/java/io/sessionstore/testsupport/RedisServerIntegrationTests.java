package io.sessionstore.testsupport;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WithRedis
class RedisServerIntegrationTests {

	@Test
	void sharedServerAnswersAndReportsItsVersion(RedisServer server) {
		assertThat(server.command("PING")).isEqualTo("PONG");
		assertThat(server.version()).matches("\\d+\\.\\d+\\.\\d+");
		assertThat(server.port()).isNotEqualTo(6379);
	}

	@Test
	void redis62ServerIsVersion62(@Redis62 RedisServer server) {
		assertThat(server.version()).startsWith("6.2.");
	}

	@Test
	void dedicatedServerCanBeStoppedAndStartedAgain() {
		try (RedisServer server = RedisServers.startDedicated()) {
			server.stop();
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> server.command("PING"));

			server.start();

			assertThat(server.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void killedServerStopsAnsweringAtOnceAndStartsAgainWithoutItsData() {
		try (RedisServer server = RedisServers.startDedicated()) {
			server.command("SET", "kill-test", "lost");

			server.kill();

			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> server.command("PING"));
			server.start();
			assertThat(server.command("PING")).isEqualTo("PONG");
			assertThat(server.command("GET", "kill-test")).isEqualTo("(nil)");
		}
	}

	@Test
	void monitorRecordsExactlyTheCommandsOfTheAction(RedisServer server) throws Exception {
		try (RedisMonitor monitor = RedisMonitor.attach(server)) {
			List<RedisMonitor.MonitoredCommand> commands = monitor.record(() -> {
				server.command("SET", "monitor-test", "a value");
				server.command("EVAL", "return redis.call('GET', KEYS[1])", "1", "monitor-test");
			});

			assertThat(commands).extracting(RedisMonitor.MonitoredCommand::name).containsExactly("SET", "EVAL", "GET");
			assertThat(commands.get(0).args()).containsExactly("monitor-test", "a value");
			assertThat(RedisMonitor.clientCommands(commands)).hasSize(2);
		}
	}

}
