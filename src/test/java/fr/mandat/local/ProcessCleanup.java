package fr.mandat.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops servers left behind by a run that was killed before its shutdown hook could run,
 * so a new run never fights an orphan for its port or data directory.
 */
final class ProcessCleanup {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private ProcessCleanup() {
	}

	static void stopStalePostgres(Path dataDirectory) {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		readFirstLong(pidFile).flatMap(ProcessHandle::of)
			.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
			.ifPresent(ProcessCleanup::stop);
	}

	/**
	 * Keycloak's launcher script starts a separate JVM; either may have outlived a killed
	 * run, so both are matched on this distribution and port.
	 */
	static void stopStaleKeycloak(Path home, int port) {
		String homeMarker = "-Dkc.home.dir=" + home;
		String portMarker = "--http-port=" + port;
		ProcessHandle.allProcesses()
			.filter(p -> p.info()
				.commandLine()
				.map(c -> c.contains(homeMarker) || c.contains(home + "/bin/kc.sh"))
				.orElse(false))
			.filter(p -> p.info().commandLine().map(c -> c.contains(portMarker)).orElse(false))
			.forEach(ProcessCleanup::stop);
	}

	/** Asks the process and its children to stop, then forces whatever is left. */
	static void stop(ProcessHandle process) {
		List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
		all.add(process);
		all.forEach(ProcessHandle::destroy);
		for (ProcessHandle handle : all) {
			try {
				handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				handle.destroyForcibly();
			}
		}
	}

	private static Optional<Long> readFirstLong(Path file) {
		try {
			if (!Files.isRegularFile(file)) {
				return Optional.empty();
			}
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
