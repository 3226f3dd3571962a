package fr.mandat.structure;

/** Where an aidant stands in the habilitation process. Stored by name. */
public enum AidantState {

	REQUESTED("Demande en cours"), IN_TRAINING("En formation"), HABILITATED("Habilité"), DEACTIVATED("Désactivé");

	private final String label;

	AidantState(String label) {
		this.label = label;
	}

	/** The French label shown to users. */
	public String label() {
		return this.label;
	}

}
