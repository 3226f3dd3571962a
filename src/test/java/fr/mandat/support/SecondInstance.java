package fr.mandat.support;

import java.util.Map;

import fr.mandat.MandatApplication;
import fr.mandat.local.LocalInfrastructureInitializer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Another application instance in the test's JVM, on the test run's infrastructure. */
public final class SecondInstance {

	private SecondInstance() {
	}

	/**
	 * Starts it with these properties given as command-line arguments, so they rank above
	 * application.yml (its {@code server.port: ${PORT:8080}} would otherwise put the
	 * instance on the local stack's port).
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(MandatApplication.class)
			.profiles(LocalInfrastructureInitializer.LOCAL_PROFILE)
			.run(properties.entrySet()
				.stream()
				.map(property -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
	}

}
