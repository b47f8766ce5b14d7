package io.sessionstore.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

final class Wrk {

	private Wrk() {
	}

	static boolean installed() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, "wrk"))) {
				return true;
			}
		}
		return false;
	}

}
