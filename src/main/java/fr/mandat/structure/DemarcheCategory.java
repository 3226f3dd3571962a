package fr.mandat.structure;

import java.util.Arrays;
import java.util.Optional;

/**
 * The démarche categories a mandate can cover, with the labels users know from Aidants
 * Connect. Stored by {@link #code()}: never change a code.
 */
public enum DemarcheCategory {

	PAPIERS("papiers", "Papiers - Citoyenneté - Élections"),

	FAMILLE("famille", "Famille - Scolarité"),

	SOCIAL("social", "Social - Santé"),

	TRAVAIL("travail", "Travail - Formation"),

	LOGEMENT("logement", "Logement"),

	TRANSPORTS("transports", "Transports - Mobilité"),

	ARGENT("argent", "Argent - Impôts - Consommation"),

	JUSTICE("justice", "Justice"),

	ETRANGER("etranger", "Étranger - Europe"),

	LOISIRS("loisirs", "Loisirs - Sport - Culture");

	private final String code;

	private final String label;

	DemarcheCategory(String code, String label) {
		this.code = code;
		this.label = label;
	}

	public String code() {
		return this.code;
	}

	/** The French label shown to users. */
	public String label() {
		return this.label;
	}

	public static Optional<DemarcheCategory> fromCode(String code) {
		return Arrays.stream(values()).filter((category) -> category.code.equals(code)).findFirst();
	}

}
