package fr.mandat.structure;

/**
 * Where a habilitation request stands (column {@code habilitation_request.status}, kept
 * as text): undecided, approved with the account still to create, approved, or refused.
 */
enum HabilitationStatus {

	PENDING("En attente de décision"), PROVISIONING("Accordée, compte en cours de création"), APPROVED("Accordée"),
	REFUSED("Refusée");

	private final String label;

	HabilitationStatus(String label) {
		this.label = label;
	}

	/** The French label the pages show. */
	String label() {
		return this.label;
	}

}
