package fr.mandat.structure;

/**
 * What a person may do in a structure. Held in the application's own tables: token roles
 * are never the whole authorisation decision.
 */
public enum Role {

	AIDANT("Aidant"), RESPONSABLE("Responsable de structure"), AUDITEUR("Auditeur"), ADMIN("Équipe nationale");

	private final String label;

	Role(String label) {
		this.label = label;
	}

	/** The French label shown to users. */
	public String label() {
		return this.label;
	}

}
