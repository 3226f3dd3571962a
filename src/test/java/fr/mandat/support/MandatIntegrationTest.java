package fr.mandat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole application on its test port, against the shared test PostgreSQL and
 * Keycloak. Every integration test uses exactly this configuration so one application
 * context serves the whole run (the port is fixed: Keycloak's redirect URIs are exact).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
public @interface MandatIntegrationTest {

	/** Where the application under test listens. */
	String BASE_URL = fr.mandat.local.TestPorts.appUrl();

}
