package fr.mandat.local;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes that need no application context first, then the Spring Boot
 * tests; by fully qualified name within each group, as surefire's alphabetical order
 * does, so the order is the same on every machine (ADR 0117). The plain classes thus run
 * while {@link EarlyInfrastructureStart} boots PostgreSQL and Keycloak in the background,
 * instead of the first Spring Boot test waiting for them alone.
 */
public final class PlainTestsFirst implements ClassOrderer {

	private static final Comparator<ClassDescriptor> ORDER = Comparator
		.comparing((ClassDescriptor test) -> EarlyInfrastructureStart.isSpringBootTest(test.getTestClass()))
		.thenComparing(test -> test.getTestClass().getName());

	@Override
	public void orderClasses(ClassOrdererContext context) {
		context.getClassDescriptors().sort(ORDER);
	}

}
