package fr.mandat.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Where the thread running the shared classes spent its time in a JFR recording of a test
 * run: each wait (park, monitor wait, socket read, sleep) and each CPU sample of that
 * thread, summed by the browser or axe-core call it was in and by the application's test
 * code that made the call. Playwright's calls block the test's thread until the browser
 * answers, so the sums say which steps of the browser tests the run waited for.
 * <p>
 * Not a test: run it on a recording made with every wait kept (docs/benchmarks.md, «
 * Browser tests: where the test thread waits »):
 *
 * <pre>
 * java -cp target/test-classes fr.mandat.support.TestThreadWaits /tmp/browser.jfr [thread] [lines]
 * </pre>
 */
public final class TestThreadWaits {

	private static final Set<String> WAITS = Set.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.SocketRead",
			"jdk.ThreadSleep");

	/** The sampling period of JFR's {@code profile} settings for Java code. */
	private static final double SAMPLE_MS = 10;

	private TestThreadWaits() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			System.err.println("Usage: TestThreadWaits RECORDING.jfr [thread, ForkJoinPool-1-worker-1] [lines, 40]");
			System.exit(2);
		}
		String thread = args.length > 1 ? args[1] : "ForkJoinPool-1-worker-1";
		int lines = args.length > 2 ? Integer.parseInt(args[2]) : 40;
		Map<String, double[]> byCall = new HashMap<>();
		Map<String, double[]> byCaller = new HashMap<>();
		double total = 0;
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				String type = event.getEventType().getName();
				RecordedThread on = event.getThread();
				RecordedStackTrace stack = event.getStackTrace();
				if (on == null || !thread.equals(on.getJavaName()) || stack == null) {
					continue;
				}
				double millis;
				if ("jdk.ExecutionSample".equals(type)) {
					millis = SAMPLE_MS;
				}
				else if (WAITS.contains(type)) {
					millis = event.getDuration().toNanos() / 1e6;
				}
				else {
					continue;
				}
				String[] where = where(stack.getFrames());
				add(byCall, where[0], millis);
				add(byCaller, where[1] + " → " + where[0], millis);
				total += millis;
			}
		}
		System.out.printf(Locale.ROOT, "%s: %.0f s of waits and CPU samples%n", thread, total / 1000);
		print("by browser or axe-core call", byCall, lines);
		print("by test code and call", byCaller, lines);
	}

	/**
	 * The outermost Playwright or axe-core frame (else the innermost frame), and the
	 * innermost frame of the application's code above it.
	 */
	private static String[] where(List<RecordedFrame> frames) {
		@Nullable String call = null;
		String caller = "-";
		for (int i = frames.size() - 1; i >= 0; i--) {
			String type = frames.get(i).getMethod().getType().getName();
			String name = simple(type) + "." + frames.get(i).getMethod().getName();
			if (type.startsWith("com.microsoft.playwright.impl") || type.startsWith("com.deque")) {
				call = name;
				break;
			}
			if (type.startsWith("fr.mandat.")) {
				caller = name;
			}
		}
		if (call == null) {
			call = frames.isEmpty() ? "?" : "own: " + simple(frames.get(0).getMethod().getType().getName()) + "."
					+ frames.get(0).getMethod().getName();
		}
		return new String[] { call, caller };
	}

	private static String simple(String type) {
		return type.substring(type.lastIndexOf('.') + 1);
	}

	private static void add(Map<String, double[]> sums, String key, double millis) {
		double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
		sum[0] += millis;
		sum[1]++;
	}

	private static void print(String title, Map<String, double[]> sums, int lines) {
		System.out.println("== " + title + " (seconds, events)");
		sums.entrySet()
			.stream()
			.sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
			.limit(lines)
			.forEach(entry -> System.out.printf(Locale.ROOT, "%8.1f %7.0f  %s%n", entry.getValue()[0] / 1000,
					entry.getValue()[1], entry.getKey()));
	}

}
