package fr.mandat.demarche;

import fr.mandat.structure.DemarcheCategory;

/**
 * A procedure carried out at a partner service on a usager's behalf.
 *
 * @param id kebab-case, stable: journal entries name it
 * @param label the French name shown to aidants
 * @param description one sentence in French on what the démarche does
 * @param path the partner's address for it, after the partner's base URL
 * @param inputType what the aidant fills in, a record whose components carry
 * {@link InputField} and Bean Validation constraints
 * @param idempotent whether a call may be retried automatically when its outcome is not
 * known
 */
public record Demarche(String id, String partnerId, DemarcheCategory category, String label, String description,
		String path, Class<? extends Record> inputType, boolean idempotent) {

	/** The form that collects this démarche's input. */
	public DemarcheForm form() {
		return DemarcheForm.of(this.inputType);
	}

}
