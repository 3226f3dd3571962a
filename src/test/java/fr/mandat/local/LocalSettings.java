package fr.mandat.local;

import java.nio.file.Path;

/**
 * Where and on which ports the local infrastructure runs. The local stack keeps its data
 * between runs and uses the ports documented in README; a test run starts from empty data
 * on ports of its own so it can run beside the local stack.
 */
record LocalSettings(String name, Path postgresData, boolean freshDatabase, int postgresPort, Path keycloakHome,
		int keycloakPort, int keycloakManagementPort, int appPort, int managementPort, int tsaPort, int smtpPort,
		int mailboxPort, Path logDirectory) {

	static final String ADMIN_USER = "admin";

	static final String ADMIN_PASSWORD = "admin-local-only";

	static LocalSettings localStack() {
		Path project = projectDir();
		Path state = project.resolve(".mandat");
		return new LocalSettings("local", state.resolve("postgres"), false, 5433, unpackedKeycloak(), 8180, 8190, 8080,
				8081, 8191, 8025, 8026, state);
	}

	static LocalSettings testRun() {
		Path target = projectDir().resolve("target");
		Path infra = target.resolve("local-infra");
		return new LocalSettings("test", infra.resolve("postgres"), true, 0, unpackedKeycloak(), TestPorts.of(8180),
				TestPorts.of(8190), TestPorts.of(8080), TestPorts.of(8081), TestPorts.of(8191), TestPorts.of(8025),
				TestPorts.of(8026), infra);
	}

	static Path projectDir() {
		return Path.of(System.getProperty("mandat.project.dir", ".")).toAbsolutePath().normalize();
	}

	private static Path unpackedKeycloak() {
		String configured = System.getProperty("mandat.keycloak.home");
		if (configured == null) {
			throw new IllegalStateException(
					"mandat.keycloak.home is not set: run through Maven (./mvnw spring-boot:test-run or ./mvnw verify)");
		}
		return Path.of(configured);
	}

	/** The partner simulators' ports: 8201-8203 locally, 18201-18203 for a test run. */
	java.util.Map<String, Integer> partnerPorts() {
		java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
		PartnerSimulators.LOCAL_PORTS
			.forEach((id, port) -> ports.put(id, isLocalStack() ? port : Integer.valueOf(TestPorts.of(port))));
		return ports;
	}

	/**
	 * The witnesses' names and ports: 8211 and 8212 locally, 18211 and 18212 for a test
	 * run.
	 */
	java.util.Map<String, Integer> witnessPorts() {
		java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
		ports.put("temoin-1", isLocalStack() ? 8211 : TestPorts.of(8211));
		ports.put("temoin-2", isLocalStack() ? 8212 : TestPorts.of(8212));
		return ports;
	}

	boolean isLocalStack() {
		return "local".equals(this.name);
	}

	String keycloakUrl() {
		return "http://localhost:" + this.keycloakPort;
	}

}
