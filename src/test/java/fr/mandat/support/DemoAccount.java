package fr.mandat.support;

/** The demo staff accounts of keycloak/realm-mandat.json (documented in README). */
public enum DemoAccount {

	CAMILLE("camille.aidant", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1001", "camille-totp-demo-01", "Camille Martin"),
	LUCAS("lucas.aidant", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1002", "lucas-totp-demo-0002", "Lucas Bernard"),
	SOPHIE("sophie.responsable", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1003", "sophie-totp-demo-003", "Sophie Petit"),
	HUGO("hugo.responsable", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1004", "hugo-totp-demo-00004", "Hugo Durand"),
	INES("ines.auditrice", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1005", "ines-totp-demo-00005", "Inès Moreau"),
	PAUL("paul.admin", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1006", "paul-totp-demo-00006", "Paul Lefebvre"),
	/** An aidant of Saint-Aubin whom a test deactivates: no other test may use him. */
	THEO("theo.aidant", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1008", "theo-totp-demo-00008", "Théo Girard"),
	/** A second admin: approves what another admin asked for (four eyes). */
	CLAIRE("claire.admin", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1009", "claire-totp-demo-009", "Claire Fontaine"),
	/**
	 * A former aidant of Saint-Aubin, deactivated in the application while her Keycloak
	 * account still works: the application must refuse her. No test may re-habilitate
	 * her.
	 */
	NINA("nina.ancienne", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1010", "nina-totp-demo-00010", "Nina Lopez"),
	/** Known to Keycloak, unknown to the application. */
	ZOE("zoe.sansacces", "5f0a7c1e-1c55-4a57-9b8e-2f6a0c9d1007", "zoe-totp-demo-000007", "Zoé Roux");

	public static final String PASSWORD = "Mandat-demo-2026!";

	private final String username;

	private final String subject;

	private final String totpSecret;

	private final String displayName;

	DemoAccount(String username, String subject, String totpSecret, String displayName) {
		this.username = username;
		this.subject = subject;
		this.totpSecret = totpSecret;
		this.displayName = displayName;
	}

	public String username() {
		return this.username;
	}

	public String subject() {
		return this.subject;
	}

	public String totpSecret() {
		return this.totpSecret;
	}

	public String displayName() {
		return this.displayName;
	}

}
