package fr.mandat.demarche;

import java.util.UUID;

/**
 * The mandate named by a démarche page belongs to another structure than the aidant's
 * current one.
 */
public class OtherStructureException extends RuntimeException {

	private final UUID mandateId;

	private final UUID structureId;

	OtherStructureException(UUID mandateId, UUID structureId) {
		super("Mandate of another structure");
		this.mandateId = mandateId;
		this.structureId = structureId;
	}

	public UUID mandateId() {
		return this.mandateId;
	}

	/** The structure the mandate was signed with. */
	public UUID structureId() {
		return this.structureId;
	}

}
