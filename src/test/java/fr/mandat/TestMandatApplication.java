package fr.mandat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import fr.mandat.local.LocalCluster;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.partnersite.DemoPartnerSite;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * The whole local stack: embedded PostgreSQL, Keycloak with the imported realms, and the
 * application. Run with {@code ./mvnw spring-boot:test-run}.
 */
public class TestMandatApplication {

	public static void main(String[] args) {
		System.setProperty(LocalInfrastructure.LOCAL_STACK_PROPERTY, "true");
		SpringApplication.from(MandatApplication::main)
			.with(ReadyBanner.class, Cluster.class, PartnerSite.class)
			.run(args);
	}

	/** Tells the person who started the stack where to go and how to sign in. */
	static class ReadyBanner {

		private static final String TEXT = String.join(System.lineSeparator(), "",
				"  Mandat is ready: open http://localhost:8080",
				"  Staff sign-in, password Mandat-demo-2026! then a TOTP code:",
				"    camille.aidant, lucas.aidant, sophie.responsable, hugo.responsable,",
				"    ines.auditrice, paul.admin, zoe.sansacces (no access)",
				"  TOTP secrets and the usagers' accounts: README.md, section Demo accounts.",
				"  Keycloak admin console: http://localhost:8180 (admin / admin-local-only)",
				"  Demo partner site « Portail CAF (simulé) », signed in with Mandat: http://localhost:8095",
				"  Stop with Ctrl-C.", "");

		@EventListener(ApplicationReadyEvent.class)
		void ready() {
			System.out.println(TEXT);
		}

	}

	/**
	 * « Portail CAF (simulé) », a demo partner site that signs aidants in with Mandat
	 * (issue 15), in its own Spring context on port 8095, once Mandat answers (the site
	 * discovers Mandat at start).
	 */
	static class PartnerSite {

		private @Nullable DemoPartnerSite site;

		@EventListener(ApplicationReadyEvent.class)
		void start() {
			try {
				this.site = DemoPartnerSite.start("http://localhost:" + LocalInfrastructure.get().appPort(), 8095);
			}
			catch (RuntimeException ex) {
				// A demo: Mandat stays up without it (e.g. port 8095 taken).
				System.err.println("  The demo partner site could not start on port 8095: " + ex.getMessage());
			}
		}

		@EventListener(ContextClosedEvent.class)
		void stop() {
			if (this.site != null) {
				this.site.close();
			}
		}

	}

	/**
	 * With {@code ./mvnw -Pcluster -DskipTests package spring-boot:test-run}: three more
	 * instances from the packaged jar (ports 8301-8303, management 8311-8313) behind
	 * HAProxy at http://localhost:8300, on the same database, Keycloak and partners. The
	 * stack's own instance (8080) applies the migrations; the others do not, as in
	 * production (infra/k8s, migration Job).
	 */
	static class Cluster {

		static final String JAR_PROPERTY = "mandat.local.cluster-jar";

		private @Nullable LocalCluster cluster;

		@EventListener(ApplicationReadyEvent.class)
		void start() throws IOException {
			String jar = System.getProperty(JAR_PROPERTY, "");
			if (jar.isBlank()) {
				return;
			}
			if (!Files.isRegularFile(Path.of(jar))) {
				throw new IllegalStateException("No packaged application at " + jar
						+ ": run ./mvnw -Pcluster -DskipTests package spring-boot:test-run");
			}
			Map<String, Object> properties = LocalInfrastructure.get().applicationProperties("mandat");
			properties.put("spring.flyway.enabled", false);
			Path directory = Path.of(System.getProperty("mandat.project.dir", "."), ".mandat", "cluster");
			System.out
				.println("  Starting three instances from " + jar + " behind HAProxy (logs in " + directory + ")…");
			this.cluster = new LocalCluster(directory, properties, 8300,
					List.of(new int[] { 8301, 8311 }, new int[] { 8302, 8312 }, new int[] { 8303, 8313 }),
					LocalCluster.fromJar(Path.of(jar)))
				.start();
			System.out.println("  Cluster ready: http://localhost:8300 (HAProxy in front of three instances)");
		}

		@EventListener(ContextClosedEvent.class)
		void stop() {
			if (this.cluster != null) {
				this.cluster.close();
			}
		}

	}

}
