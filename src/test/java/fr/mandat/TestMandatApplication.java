package fr.mandat;

import fr.mandat.local.LocalInfrastructure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The whole local stack: embedded PostgreSQL, Keycloak with the imported realms, and the
 * application. Run with {@code ./mvnw spring-boot:test-run}.
 */
public class TestMandatApplication {

	public static void main(String[] args) {
		System.setProperty(LocalInfrastructure.LOCAL_STACK_PROPERTY, "true");
		SpringApplication.from(MandatApplication::main).with(ReadyBanner.class).run(args);
	}

	/** Tells the person who started the stack where to go and how to sign in. */
	static class ReadyBanner {

		private static final String TEXT = String.join(System.lineSeparator(), "",
				"  Mandat is ready: open http://localhost:8080",
				"  Staff sign-in, password Mandat-demo-2026! then a TOTP code:",
				"    camille.aidant, lucas.aidant, sophie.responsable, hugo.responsable,",
				"    ines.auditrice, paul.admin, zoe.sansacces (no access)",
				"  TOTP secrets and the usagers' accounts: README.md, section Demo accounts.",
				"  Keycloak admin console: http://localhost:8180 (admin / admin-local-only)", "  Stop with Ctrl-C.",
				"");

		@EventListener(ApplicationReadyEvent.class)
		void ready() {
			System.out.println(TEXT);
		}

	}

}
