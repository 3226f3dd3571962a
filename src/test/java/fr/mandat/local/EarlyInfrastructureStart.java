package fr.mandat.local;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Starts the local infrastructure (PostgreSQL, then Keycloak: about half a minute) in the
 * background as soon as a test run that will need it begins, so that it boots while the
 * plain unit tests run instead of after them. The first application context waits for it
 * as before ({@link LocalInfrastructure#get()} is synchronized); a run without a Spring
 * Boot test, or pointed at an external database, starts nothing.
 */
public final class EarlyInfrastructureStart implements TestExecutionListener {

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		if (System.getProperty("spring.datasource.url") != null || System.getenv("SPRING_DATASOURCE_URL") != null
				|| !needsTheApplication(testPlan)) {
			return;
		}
		Thread starter = new Thread(() -> {
			try {
				LocalInfrastructure.get();
			}
			catch (RuntimeException ex) {
				// The first test that needs the infrastructure starts it again and
				// reports the failure where it belongs.
				System.err.println("Early start of the local infrastructure failed: " + ex);
			}
		}, "mandat-local-infra-early-start");
		starter.setDaemon(true);
		starter.start();
	}

	private static boolean needsTheApplication(TestPlan testPlan) {
		Deque<TestIdentifier> pending = new ArrayDeque<>(testPlan.getRoots());
		while (!pending.isEmpty()) {
			TestIdentifier test = pending.pop();
			if (test.getSource().map(EarlyInfrastructureStart::isSpringBootTest).orElse(false)) {
				return true;
			}
			pending.addAll(testPlan.getChildren(test));
		}
		return false;
	}

	private static boolean isSpringBootTest(TestSource source) {
		Class<?> testClass;
		if (source instanceof ClassSource classSource) {
			testClass = classSource.getJavaClass();
		}
		else if (source instanceof MethodSource methodSource) {
			testClass = methodSource.getJavaClass();
		}
		else {
			return false;
		}
		return isSpringBootTest(testClass);
	}

	/** Whether the class runs with an application context (and so the infrastructure). */
	static boolean isSpringBootTest(Class<?> testClass) {
		return MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).isPresent(SpringBootTest.class);
	}

}
