package fr.mandat.structure;

import java.util.UUID;

/**
 * The aidant does not belong to the responsable's current structure (or does not exist).
 */
public class ForeignAidantException extends RuntimeException {

	private final UUID aidantId;

	ForeignAidantException(UUID aidantId) {
		super("Aidant of another structure");
		this.aidantId = aidantId;
	}

	public UUID aidantId() {
		return this.aidantId;
	}

}
