package fr.mandat.support;

import java.lang.reflect.Field;
import java.util.Set;

import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * The lanes of the classes that share the application (ADR 0123): the classes that drive
 * a browser share theirs (two at a time, each thread with its own Chromium), the others
 * take theirs one at a time beside them, and a class marked {@link RunsAlone} takes both
 * lanes whole, so nothing else that shares the application runs meanwhile. The plain
 * classes need no lane.
 */
public final class ApplicationLanes implements ResourceLocksProvider {

	/** The run's browser, and the demo accounts' browser sign-ins. */
	static final String BROWSER = "mandat.lane.browser";

	/** The classes that call the application without a browser. */
	static final String API = "mandat.lane.api";

	@Override
	public Set<Lock> provideForClass(Class<?> testClass) {
		if (testClass.isAnnotationPresent(RunsAlone.class)) {
			return Set.of(new Lock(BROWSER), new Lock(API));
		}
		return Set.of(new Lock(usesTheBrowser(testClass) ? BROWSER : API));
	}

	/** Whether the class (or a superclass) registers {@link BrowserPages}. */
	static boolean usesTheBrowser(Class<?> testClass) {
		for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (BrowserPages.class.isAssignableFrom(field.getType())) {
					return true;
				}
			}
		}
		return false;
	}

}
