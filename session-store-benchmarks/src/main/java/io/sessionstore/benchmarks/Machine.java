package io.sessionstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * What a run ran on.
 *
 * @param cpu the processor's model
 * @param cores the processors available to the JVM
 * @param memoryGib the machine's memory, in GiB
 * @param os the operating system
 * @param java the Java runtime
 * @param redis the Redis server's version
 * @param date the day of the run
 */
record Machine(String cpu, int cores, long memoryGib, String os, String java, String redis, LocalDate date) {

	static Machine describe(String redisVersion) {
		return new Machine(procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
				Runtime.getRuntime().availableProcessors(),
				procLine("/proc/meminfo", "MemTotal").map(Machine::kibToGib).orElse(0L),
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), redisVersion,
				LocalDate.now(ZoneOffset.UTC));
	}

	private static long kibToGib(String memTotal) {
		return Math.round(Long.parseLong(memTotal.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0));
	}

	private static Optional<String> procLine(String file, String name) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter((line) -> line.startsWith(name))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
