package fr.mandat;

import fr.mandat.local.LocalInfrastructure;

import org.springframework.boot.SpringApplication;

/**
 * The whole local stack: embedded PostgreSQL, Keycloak with the imported realms, and the
 * application. Run with {@code ./mvnw spring-boot:test-run}.
 */
public class TestMandatApplication {

	public static void main(String[] args) {
		System.setProperty(LocalInfrastructure.LOCAL_STACK_PROPERTY, "true");
		SpringApplication.from(MandatApplication::main).run(args);
	}

}
