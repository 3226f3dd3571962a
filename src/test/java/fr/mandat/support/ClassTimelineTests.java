package fr.mandat.support;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This JVM's part of the run's timeline has this class's start, on the thread running it
 * ({@link ClassTimeline}).
 */
class ClassTimelineTests {

	@Test
	void theTimelineTellsWhenThisClassStartedAndOnWhichThread() throws Exception {
		List<String> lines = Files.readAllLines(Path.of("target", "test-timeline.tsv"));
		// The file is appended to by every run: only the lines after this JVM's plan
		// count.
		int plan = lines.lastIndexOf("plan\t0\t" + ProcessHandle.current().pid() + "\t"
				+ ManagementFactory.getRuntimeMXBean().getStartTime());
		assertThat(plan).as("this JVM's plan line").isNotNegative();

		assertThat(lines.subList(plan + 1, lines.size())).anySatisfy(line -> {
			String[] fields = line.split("\t");
			assertThat(fields).hasSize(4);
			assertThat(fields[0]).isEqualTo("start");
			assertThat(Double.parseDouble(fields[1])).isPositive();
			assertThat(fields[2]).isEqualTo(Thread.currentThread().getName());
			assertThat(fields[3]).isEqualTo(ClassTimelineTests.class.getName());
		});
	}

}
