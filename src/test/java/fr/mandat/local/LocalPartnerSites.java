package fr.mandat.local;

import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The partner sites the local stack and the tests register with Mandat's OpenID provider
 * (mandat.federation.clients): « Portail CAF (simulé) » and « Espace impôts (simulé) ».
 * Their {@code private_key_jwt} keys are made once per JVM (nothing secret is kept in the
 * repository); the public halves go into the configuration inline.
 */
public final class LocalPartnerSites {

	public static final String CAF = "portail-caf";

	public static final String IMPOTS = "espace-impots";

	private static final ECKey CAF_KEY = generate(CAF);

	private static final ECKey IMPOTS_KEY = generate(IMPOTS);

	private LocalPartnerSites() {
	}

	/** The site's key pair, with which it signs its client assertions. */
	public static ECKey key(String clientId) {
		return switch (clientId) {
			case CAF -> CAF_KEY;
			case IMPOTS -> IMPOTS_KEY;
			default -> throw new IllegalArgumentException(clientId);
		};
	}

	/** Where the site receives its code (exact match), on a port of this run. */
	public static String redirectUri(String clientId, int sitePort) {
		return "http://localhost:" + sitePort + "/connexion/" + clientId + "/retour";
	}

	/** The site's port in a test run (the local stack uses 8095 and 8096). */
	public static int testPort(String clientId) {
		return TestPorts.of(CAF.equals(clientId) ? 8095 : 8096);
	}

	static Map<String, Object> properties(boolean localStack) {
		Map<String, Object> properties = new LinkedHashMap<>();
		site(properties, 0, CAF, "Portail CAF (simulé)", localStack ? 8095 : testPort(CAF), "social,famille",
				"allocations-familiales");
		site(properties, 1, IMPOTS, "Espace impôts (simulé)", localStack ? 8096 : testPort(IMPOTS), "argent", "impots");
		if (localStack) {
			// The demo partner site the local stack starts (fr.mandat.local.partnersite).
			properties.put("mandat.federation.clients[0].backchannel-logout-uri",
					"http://localhost:8095" + DEMO_SITE_LOGOUT_PATH);
		}
		else {
			// The tests' stand-in for the partners' back-channel logout endpoints, up
			// before the application.
			PartnerBackchannels.start();
			properties.put("mandat.federation.clients[0].backchannel-logout-uri", backchannelLogoutUri(CAF));
			properties.put("mandat.federation.clients[1].backchannel-logout-uri", backchannelLogoutUri(IMPOTS));
		}
		return properties;
	}

	/** Where the demo partner site receives Mandat's back-channel logouts. */
	public static final String DEMO_SITE_LOGOUT_PATH = "/deconnexion-mandat";

	/** The port of the tests' receiver of back-channel logouts. */
	public static int backchannelPort() {
		return TestPorts.of(8290);
	}

	/** Where a site receives back-channel logout tokens in a test run. */
	public static String backchannelLogoutUri(String clientId) {
		return "http://localhost:" + backchannelPort() + "/backchannel/" + clientId;
	}

	private static void site(Map<String, Object> properties, int index, String clientId, String name, int port,
			String categories, String partner) {
		String prefix = "mandat.federation.clients[" + index + "].";
		properties.put(prefix + "client-id", clientId);
		properties.put(prefix + "name", name);
		properties.put(prefix + "redirect-uris", redirectUri(clientId, port));
		properties.put(prefix + "categories", categories);
		properties.put(prefix + "jwk", key(clientId).toPublicJWK().toJSONString());
		properties.put(prefix + "partner", partner);
	}

	private static ECKey generate(String clientId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(clientId + "-1").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
