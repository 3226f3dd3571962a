package fr.mandat.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL, Keycloak and a time-stamp authority for the local stack and the tests,
 * started once per JVM and stopped by a shutdown hook (normal exit, Ctrl-C, or a failed
 * run).
 */
public final class LocalInfrastructure {

	/** Set by {@code TestMandatApplication} so the local stack keeps its data. */
	public static final String LOCAL_STACK_PROPERTY = "mandat.local-stack";

	/** The journal's origin, as in application.yml. */
	public static final String JOURNAL_ORIGIN = "localhost/mandat/journal";

	static final String KEYSTORE_PASSWORD = "local-keystore-password";

	/** How long the application waits for a witness in the tests. */
	public static final Duration TEST_WITNESS_TIMEOUT = Duration.ofMillis(1500);

	/** How long the application waits for a partner's answer in the tests. */
	static final Duration TEST_PARTNER_READ_TIMEOUT = Duration.ofSeconds(3);

	private static @Nullable LocalInfrastructure instance;

	private final LocalSettings settings;

	private final LocalPostgres postgres;

	private final LocalKeycloak keycloak;

	private final LocalTimestampAuthority timestampAuthority;

	private final LocalMail mail;

	private final PartnerSimulators partners;

	private final List<LocalWitness> witnesses;

	private LocalInfrastructure(LocalSettings settings, LocalPostgres postgres, LocalKeycloak keycloak,
			LocalTimestampAuthority timestampAuthority, LocalMail mail, PartnerSimulators partners,
			List<LocalWitness> witnesses) {
		this.witnesses = witnesses;
		this.mail = mail;
		this.partners = partners;
		this.settings = settings;
		this.postgres = postgres;
		this.keycloak = keycloak;
		this.timestampAuthority = timestampAuthority;
	}

	public static synchronized LocalInfrastructure get() {
		LocalInfrastructure current = instance;
		if (current == null) {
			current = start(
					Boolean.getBoolean(LOCAL_STACK_PROPERTY) ? LocalSettings.localStack() : LocalSettings.testRun());
			instance = current;
		}
		return current;
	}

	private static LocalInfrastructure start(LocalSettings settings) {
		Instant started = Instant.now();
		try {
			Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
			LocalPostgres postgres = LocalPostgres.start(settings);
			LocalMail mail;
			try {
				mail = LocalMail.start(settings.smtpPort(), settings.mailboxPort());
			}
			catch (RuntimeException ex) {
				postgres.close();
				throw ex;
			}
			LocalKeycloak keycloak;
			try {
				keycloak = LocalKeycloak.start(settings, postgres);
			}
			catch (IOException | RuntimeException ex) {
				mail.close();
				postgres.close();
				throw ex;
			}
			LocalTimestampAuthority timestampAuthority;
			try {
				timestampAuthority = LocalTimestampAuthority.start(settings.tsaPort());
			}
			catch (RuntimeException ex) {
				keycloak.close();
				mail.close();
				postgres.close();
				throw ex;
			}
			PartnerSimulators partners;
			try {
				// The partners check delegation tokens against the application's
				// published keys.
				URI jwks = URI.create("http://localhost:" + settings.appPort() + "/.well-known/jwks.json");
				partners = PartnerSimulators.startAll(settings.partnerPorts(), () -> jwks);
			}
			catch (RuntimeException ex) {
				timestampAuthority.close();
				keycloak.close();
				mail.close();
				postgres.close();
				throw ex;
			}
			List<LocalWitness> witnesses;
			try {
				witnesses = startWitnesses(settings);
			}
			catch (IOException | RuntimeException ex) {
				partners.close();
				timestampAuthority.close();
				keycloak.close();
				mail.close();
				postgres.close();
				throw ex;
			}
			LocalInfrastructure infrastructure = new LocalInfrastructure(settings, postgres, keycloak,
					timestampAuthority, mail, partners, witnesses);
			Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "mandat-local-infra-stop"));
			exitWithParent();
			System.out.printf(
					"Local infrastructure (%s) ready in %d s: PostgreSQL on port %d, Keycloak on %s, time-stamp authority on %s, mail (SMTP port %d) readable at %s, partner simulators on %s, witnesses on %s%n",
					settings.name(), Duration.between(started, Instant.now()).toSeconds(), postgres.port(),
					settings.keycloakUrl(), timestampAuthority.url(), mail.smtpPort(), mail.mailboxUrl(),
					partners.properties(), witnesses.stream().map(LocalWitness::url).toList());
			// Public keys, not secrets: what an auditor passes to the verifier's
			// --temoin.
			witnesses.forEach(witness -> System.out.printf("Witness %s at %s, verifier key: %s%n", witness.name(),
					witness.url(), witness.verifierKey()));
			return infrastructure;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the local infrastructure", ex);
		}
	}

	/**
	 * Two independent witnesses, each with its own key and storage (kept by the local
	 * stack, fresh for a test run). They trust the journal key of the local keystore,
	 * which the application creates on its first start.
	 */
	private static List<LocalWitness> startWitnesses(LocalSettings settings) throws IOException {
		Path keystore = settings.logDirectory().resolve("keys/mandat-keys.p12");
		Supplier<Optional<byte[]>> journalKey = new JournalKeyFile(keystore);
		List<LocalWitness> witnesses = new ArrayList<>();
		for (Map.Entry<String, Integer> witness : settings.witnessPorts().entrySet()) {
			Path storage = settings.logDirectory().resolve("witnesses").resolve(witness.getKey());
			if (settings.freshDatabase()) {
				deleteRecursively(storage);
			}
			try {
				witnesses.add(LocalWitness.start("localhost/mandat/" + witness.getKey(), storage, witness.getValue(),
						Map.of(JOURNAL_ORIGIN, journalKey)));
			}
			catch (RuntimeException ex) {
				witnesses.forEach(LocalWitness::close);
				throw ex;
			}
		}
		return List.copyOf(witnesses);
	}

	/**
	 * The journal's public key as the witnesses know it: read from the application's
	 * keystore when the file appears or changes, not on every checkpoint (opening a
	 * PKCS#12 file derives its keys with PBKDF2: milliseconds of CPU per witness request,
	 * several requests a second).
	 */
	private static final class JournalKeyFile implements Supplier<Optional<byte[]>> {

		private final Path keystore;

		private @Nullable FileTime readVersion;

		private Optional<byte[]> key = Optional.empty();

		JournalKeyFile(Path keystore) {
			this.keystore = keystore;
		}

		@Override
		public synchronized Optional<byte[]> get() {
			FileTime version;
			try {
				version = Files.getLastModifiedTime(this.keystore);
			}
			catch (IOException ex) {
				return Optional.empty();
			}
			if (!version.equals(this.readVersion)) {
				this.key = journalKey(this.keystore);
				// A file caught half-written gives no key: read it again next time.
				this.readVersion = this.key.isPresent() ? version : null;
			}
			return this.key;
		}

	}

	private static Optional<byte[]> journalKey(Path keystore) {
		if (!Files.isRegularFile(keystore)) {
			return Optional.empty();
		}
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, KEYSTORE_PASSWORD.toCharArray());
			Certificate certificate = store.getCertificate("journal-ed25519");
			return (certificate != null) ? Optional.of(LocalWitness.raw(certificate.getPublicKey())) : Optional.empty();
		}
		catch (IOException | GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * Maven forks this JVM; if Maven is killed, leave too so the shutdown hook stops
	 * PostgreSQL and Keycloak instead of leaving them orphaned.
	 */
	private static void exitWithParent() {
		ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
			System.err.println("The parent process has gone: stopping.");
			System.exit(1);
		}));
	}

	private void stop() {
		this.witnesses.forEach(LocalWitness::close);
		this.timestampAuthority.close();
		this.keycloak.close();
		this.mail.close();
		this.partners.close();
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			System.err.println("Could not stop the embedded PostgreSQL cleanly: " + ex.getMessage());
		}
	}

	public String keycloakUrl() {
		return this.settings.keycloakUrl();
	}

	public int appPort() {
		return this.settings.appPort();
	}

	/** The simulated partner services (other organisations). */
	public PartnerSimulators partners() {
		return this.partners;
	}

	/** The two stand-in witnesses of the journal. */
	public List<LocalWitness> witnesses() {
		return this.witnesses;
	}

	/**
	 * The journal's raw Ed25519 public key, read from the local keystore as an operator
	 * would hand it out (not from the running application).
	 */
	public byte[] journalPublicKey() {
		return journalKey(this.settings.logDirectory().resolve("keys/mandat-keys.p12"))
			.orElseThrow(() -> new IllegalStateException("The journal key does not exist yet"));
	}

	/** The mail catcher that receives Keycloak's e-mails. */
	public LocalMail mail() {
		return this.mail;
	}

	public String adminUser() {
		return LocalSettings.ADMIN_USER;
	}

	public String adminPassword() {
		return LocalSettings.ADMIN_PASSWORD;
	}

	/**
	 * A scratch database on the local PostgreSQL, owned by the migration role; the
	 * runtime role may connect.
	 */
	public void createDatabase(String name) {
		this.postgres.createDatabase(name, LocalPostgres.OWNER);
	}

	public void dropDatabase(String name) {
		this.postgres.dropDatabase(name);
	}

	/**
	 * The configuration of another application instance on this infrastructure, pointed
	 * at another database, on free ports, without demo data or witnesses.
	 */
	public Map<String, Object> applicationProperties(String database) {
		Map<String, Object> properties = new LinkedHashMap<>(applicationProperties());
		properties.keySet().removeIf(key -> key.startsWith("mandat.journal.witness"));
		properties.put("spring.datasource.url", this.postgres.jdbcUrl(database));
		properties.put("spring.flyway.locations", "classpath:db/migration");
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		return properties;
	}

	/** The roles of the local database: the migrations' owner and the runtime role. */
	public static String ownerRole() {
		return LocalPostgres.OWNER;
	}

	public static String runtimeRole() {
		return LocalPostgres.APP;
	}

	/** The configuration that points the application at this infrastructure. */
	Map<String, Object> applicationProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.postgres.jdbcUrl("mandat"));
		properties.put("spring.datasource.username", LocalPostgres.APP);
		properties.put("spring.datasource.password", LocalPostgres.APP);
		properties.put("spring.flyway.user", LocalPostgres.OWNER);
		properties.put("spring.flyway.password", LocalPostgres.OWNER);
		properties.put("spring.flyway.placeholders.app_role", LocalPostgres.APP);
		properties.put("spring.flyway.locations", "classpath:db/migration,classpath:db/demo");
		properties.put("mandat.identity.staff-issuer", keycloakUrl() + "/realms/mandat");
		properties.put("mandat.identity.staff-client-secret", "mandat-local-dev-secret");
		properties.put("mandat.keycloak-admin.client-secret", "mandat-admin-local-dev-secret");
		properties.put("mandat.keycloak-admin.invitation-return-url",
				"http://localhost:" + this.settings.appPort() + "/");
		properties.put("mandat.usager-identity.issuer", keycloakUrl() + "/realms/usagers");
		properties.put("mandat.usager-identity.client-secret", "mandat-usagers-local-dev-secret");
		properties.put("mandat.espace-usager.client-secret", "mandat-espace-local-dev-secret");
		properties.put("mandat.signing.keystore",
				this.settings.logDirectory().resolve("keys/mandat-keys.p12").toString());
		properties.put("mandat.signing.password", KEYSTORE_PASSWORD);
		properties.put("mandat.signing.generate-if-missing", true);
		properties.put("mandat.signing.tsa-url", this.timestampAuthority.url());
		this.partners.all()
			.forEach(partner -> properties.put("mandat.demarche.partners." + partner.partnerId() + ".base-url",
					partner.baseUrl().toString()));
		for (int i = 0; i < this.witnesses.size(); i++) {
			properties.put("mandat.journal.witnesses[" + i + "].url", this.witnesses.get(i).url());
			properties.put("mandat.journal.witnesses[" + i + "].key", this.witnesses.get(i).verifierKey());
		}
		properties.put("mandat.journal.witness-quorum", this.witnesses.size());
		if (!this.settings.isLocalStack()) {
			// Shorter waits than the service's defaults, which the local stack keeps:
			// witnesses time out after 1.5 s (3 s), partners after 3 s (5 s; their
			// slow-but-in-time answer takes 1 s); witnessing rounds every 100 ms
			// (250 ms), so the backoff after a failure is shorter too; the public
			// checkpoint is read again after 100 ms (1 s). Many tests wait for a timeout
			// or for a checkpoint both witnesses cosigned.
			properties.put("mandat.journal.witness-timeout", TEST_WITNESS_TIMEOUT);
			properties.put("mandat.journal.witness-interval", Duration.ofMillis(100));
			properties.put("mandat.journal.public-checkpoint-cache", Duration.ofMillis(100));
			this.partners.all()
				.forEach(partner -> properties.put("mandat.demarche.partners." + partner.partnerId() + ".read-timeout",
						TEST_PARTNER_READ_TIMEOUT));
		}
		properties.put("mandat.demarche.token-issuer", "http://localhost:" + this.settings.appPort());
		// Mandat as an OpenID provider for the simulated partner sites (issue 15).
		properties.put("mandat.federation.issuer", "http://localhost:" + this.settings.appPort());
		properties.putAll(LocalPartnerSites.properties(this.settings.isLocalStack()));
		// The application's e-mails (the inactivity warning) go to the same mail catcher.
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", this.settings.smtpPort());
		properties.put("mandat.inactivity.sign-in-url", "http://localhost:" + this.settings.appPort() + "/");
		properties.put("server.port", this.settings.appPort());
		properties.put("management.server.port", this.settings.managementPort());
		return properties;
	}

}
