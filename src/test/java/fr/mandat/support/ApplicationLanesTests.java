package fr.mandat.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLocksProvider.Lock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lanes of the classes that share the application (ADR 0123): which locks a class
 * takes decides what may run beside it.
 */
class ApplicationLanesTests {

	private final ApplicationLanes lanes = new ApplicationLanes();

	@Test
	void aClassThatDrivesTheBrowserTakesTheBrowsersLane() throws Exception {
		assertThat(this.lanes.provideForClass(Class.forName("fr.mandat.mandate.MandateFlowEndToEndTests")))
			.containsExactly(new Lock(ApplicationLanes.BROWSER));
	}

	@Test
	void aClassWithoutTheBrowserTakesTheOtherLane() throws Exception {
		assertThat(this.lanes.provideForClass(Class.forName("fr.mandat.mandate.MandateListTests")))
			.containsExactly(new Lock(ApplicationLanes.API));
	}

	@Test
	void aClassThatRunsAloneTakesBothLanes() throws Exception {
		Set<Lock> browser = this.lanes.provideForClass(Class.forName("fr.mandat.web.SignInEndToEndTests"));
		Set<Lock> other = this.lanes.provideForClass(Class.forName("fr.mandat.web.AuthorizationMatrixTests"));
		assertThat(browser).containsExactlyInAnyOrder(new Lock(ApplicationLanes.BROWSER),
				new Lock(ApplicationLanes.API));
		assertThat(other).isEqualTo(browser);
	}

	@Test
	void everyClassThatDrivesTheBrowserHoldsTheBrowsersLane() throws Exception {
		// A class that registers BrowserPages without the lock would share the run's
		// browser with another thread.
		Path root = Path.of(ApplicationLanesTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<Class<?>> browserClasses = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
				String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
				Class<?> type = Class.forName(name, false, getClass().getClassLoader());
				if (!type.isMemberClass() && ApplicationLanes.usesTheBrowser(type) && type != BrowserPages.class) {
					browserClasses.add(type);
				}
			}
		}
		assertThat(browserClasses).hasSizeGreaterThan(15);
		for (Class<?> type : browserClasses) {
			ResourceLock lock = type.getAnnotation(ResourceLock.class);
			boolean lane = type.isAnnotationPresent(MandatIntegrationTest.class)
					|| (lock != null && lock.value().equals(ApplicationLanes.BROWSER));
			assertThat(lane).as(type.getName() + " holds the browser's lane").isTrue();
		}
		assertThat(MandatIntegrationTest.class.getAnnotation(ResourceLock.class).providers())
			.containsExactly(ApplicationLanes.class);
	}

}
