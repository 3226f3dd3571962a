package fr.mandat.mandate;

import java.util.UUID;

/** The mandate belongs to another structure than the aidant's current one. */
class ForeignMandateException extends RuntimeException {

	private final UUID mandateId;

	ForeignMandateException(UUID mandateId) {
		super("Mandate of another structure");
		this.mandateId = mandateId;
	}

	UUID mandateId() {
		return this.mandateId;
	}

}
