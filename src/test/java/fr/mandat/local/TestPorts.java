package fr.mandat.local;

/**
 * The ports of a test run: {@code 18000} plus the local stack's last three digits by
 * default (application 18080, Keycloak 18180, …). Another base
 * ({@code -Dmandat.test.port-base=28000}) lets a second checkout run its tests at the
 * same time on the same machine.
 */
public final class TestPorts {

	/** The system property (set by Maven from the property of the same name). */
	public static final String PROPERTY = "mandat.test.port-base";

	private TestPorts() {
	}

	/** The base of this run's ports (a multiple of 1000 above 10000). */
	public static int base() {
		int base = Integer.getInteger(PROPERTY, 18000);
		if (base < 10000 || base > 60000 || base % 1000 != 0) {
			throw new IllegalStateException(PROPERTY + " must be a multiple of 1000 between 10000 and 60000");
		}
		return base;
	}

	/**
	 * The test port standing for a local stack port (8080 → 18080 with the default base).
	 */
	public static int of(int localPort) {
		return base() + (localPort % 1000);
	}

	public static int app() {
		return of(8080);
	}

	public static int management() {
		return of(8081);
	}

	public static int keycloak() {
		return of(8180);
	}

	/** The application under test, e.g. {@code http://localhost:18080}. */
	public static String appUrl() {
		return "http://localhost:" + app();
	}

	/** Keycloak under test, e.g. {@code http://localhost:18180}. */
	public static String keycloakUrl() {
		return "http://localhost:" + keycloak();
	}

}
