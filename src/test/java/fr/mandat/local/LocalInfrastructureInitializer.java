package fr.mandat.local;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Points every application started from the test classpath (the tests and
 * {@code TestMandatApplication}) at the local infrastructure, unless an external database
 * is configured. Production code carries none of this.
 */
public class LocalInfrastructureInitializer
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	/**
	 * The Spring profile of the local stack and of test runs; never set in production.
	 */
	public static final String LOCAL_PROFILE = "local";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (context.getEnvironment().containsProperty("spring.datasource.url")) {
			return;
		}
		LocalInfrastructure infrastructure = LocalInfrastructure.get();
		// What only a local stack or a test run may do (e.g. one database role for
		// everything, demo clients in the realm) is allowed under this profile only.
		context.getEnvironment().addActiveProfile(LOCAL_PROFILE);
		// Below system properties and environment variables, above application.yml.
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource local = new MapPropertySource("mandatLocalInfrastructure",
				infrastructure.applicationProperties());
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, local);
		}
		else {
			sources.addFirst(local);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
