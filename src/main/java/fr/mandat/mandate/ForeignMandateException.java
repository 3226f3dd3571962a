package fr.mandat.mandate;

import java.util.UUID;

/** The mandate belongs to another structure than the aidant's current one. */
public class ForeignMandateException extends RuntimeException {

	private final UUID mandateId;

	private final UUID structureId;

	ForeignMandateException(UUID mandateId, UUID structureId) {
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
