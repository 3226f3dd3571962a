package fr.mandat.structure;

import java.util.UUID;

/**
 * The aidant does not belong to the responsable's current structure (or does not exist).
 */
class ForeignAidantException extends RuntimeException {

	private final UUID aidantId;

	ForeignAidantException(UUID aidantId) {
		super("Aidant of another structure");
		this.aidantId = aidantId;
	}

	UUID aidantId() {
		return this.aidantId;
	}

}
