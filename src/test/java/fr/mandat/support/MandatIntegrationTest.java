package fr.mandat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole application on its test port, against the shared test PostgreSQL and
 * Keycloak. Every integration test uses exactly this configuration so one application
 * context serves the whole run (the port is fixed: Keycloak's redirect URIs are exact).
 * These classes share the application, its data and the run's browser: they run one at a
 * time, on one thread, beside the plain classes (junit-platform.properties, ADR 0122).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
@Execution(ExecutionMode.SAME_THREAD)
public @interface MandatIntegrationTest {

	/** Where the application under test listens. */
	String BASE_URL = fr.mandat.local.TestPorts.appUrl();

}
