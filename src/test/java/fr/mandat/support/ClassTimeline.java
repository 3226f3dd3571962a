package fr.mandat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * When each test class started and ended, and on which thread, in
 * {@code target/test-timeline.tsv} (seconds since the test JVM started; a line
 * {@code plan} with the JVM's process id and its start, in milliseconds since the epoch,
 * at the start of each plan, to line the classes up with a record of the machine's CPU):
 * where a run spent its time, and which classes ran beside each other on the lanes (ADR
 * 0122).
 */
public final class ClassTimeline implements TestExecutionListener {

	private static final Path FILE = Path.of("target", "test-timeline.tsv");

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		// Appended to: the fuzz and integration tests' plans follow.
		if (Files.isDirectory(FILE.getParent())) {
			write("plan\t0\t" + ProcessHandle.current().pid() + "\t"
					+ ManagementFactory.getRuntimeMXBean().getStartTime() + "\n");
		}
	}

	@Override
	public void executionStarted(TestIdentifier identifier) {
		record("start", identifier);
	}

	@Override
	public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
		record(result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "end" : "end-" + result.getStatus(),
				identifier);
	}

	private static void record(String event, TestIdentifier identifier) {
		if (identifier.getSource().orElse(null) instanceof ClassSource source && Files.isDirectory(FILE.getParent())) {
			double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
			write(String.format(Locale.ROOT, "%s\t%.1f\t%s\t%s%n", event, seconds, Thread.currentThread().getName(),
					source.getClassName()));
		}
	}

	private static synchronized void write(String line) {
		try {
			Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
