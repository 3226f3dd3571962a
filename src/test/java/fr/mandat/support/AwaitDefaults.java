package fr.mandat.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Every Awaitility wait of the run checks its condition at once, then every
 * {@link Waits#POLL}, as {@link Waits#upTo} does. Awaitility's own defaults wait 100 ms
 * before the first check and 100 ms between checks: at least 0.1 s lost by each wait, at
 * 44 places in the tests (docs/benchmarks.md). A wait that sets its own poll interval
 * keeps it.
 */
public final class AwaitDefaults implements TestExecutionListener {

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		Awaitility.setDefaultPollDelay(Duration.ZERO);
		Awaitility.setDefaultPollInterval(Waits.POLL);
	}

}
