package fr.mandat.mandate;

import java.nio.charset.StandardCharsets;

/**
 * What the aidant tells the usager before the usager consents, shown on the recap page.
 * Its digest goes into every signed mandate, so the wording a mandate was agreed under is
 * known for ever: change the version with the text.
 */
final class ConsentWording {

	static final String VERSION = "2026-11-consentement-v1";

	static final String TEXT = "J'ai expliqué à l'usager ce que permet ce mandat : l'aidant pourra faire en son nom "
			+ "les démarches des catégories choisies, et seulement celles-ci, pendant la durée indiquée. "
			+ "Chaque action faite pour l'usager est enregistrée dans un journal qu'il peut demander à consulter. "
			+ "L'usager peut révoquer ce mandat à tout moment auprès de la structure. "
			+ "L'usager m'a dit qu'il était d'accord.";

	static final String CONFIRMATION = "Je confirme avoir informé l'usager et recueilli son consentement.";

	private ConsentWording() {
	}

	static String digest() {
		return Digests.sha256Hex((VERSION + "\n" + TEXT + "\n" + CONFIRMATION).getBytes(StandardCharsets.UTF_8));
	}

}
