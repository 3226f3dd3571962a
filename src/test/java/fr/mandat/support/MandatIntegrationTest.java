package fr.mandat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.ResourceLock;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole application on its test port, against the shared test PostgreSQL and
 * Keycloak. Every integration test uses exactly this configuration so one application
 * context serves the whole run (the port is fixed: Keycloak's redirect URIs are exact).
 * These classes share the application, its data and the run's browser: a browser class
 * and another class run beside each other, each lane one class at a time, and a class
 * marked {@link RunsAlone} runs with neither (junit-platform.properties, ADR 0123).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
@ResourceLock(providers = ApplicationLanes.class)
public @interface MandatIntegrationTest {

	/** Where the application under test listens. */
	String BASE_URL = fr.mandat.local.TestPorts.appUrl();

}
