package fr.mandat.mandate;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The mandate belongs to another structure than the aidant's current one. Someone who
 * also works for that structure is told to switch, then sent back: to the page they asked
 * for, or to where the module that refused names ({@link #returnTo()}).
 */
public class ForeignMandateException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final UUID mandateId;

	private final UUID structureId;

	private final @Nullable String returnTo;

	ForeignMandateException(UUID mandateId, UUID structureId) {
		this(mandateId, structureId, null);
	}

	private ForeignMandateException(UUID mandateId, UUID structureId, @Nullable String returnTo) {
		super("Mandate of another structure");
		this.mandateId = mandateId;
		this.structureId = structureId;
		this.returnTo = returnTo;
	}

	/**
	 * Refuses a page of another module about the mandate (a démarche): after switching,
	 * the aidant is sent to the mandate's page.
	 */
	public static ForeignMandateException returningToMandate(MandateSummaries.OtherStructure other) {
		return new ForeignMandateException(other.mandateId(), other.structureId(), "/mandats/" + other.mandateId());
	}

	public UUID mandateId() {
		return this.mandateId;
	}

	/** The structure the mandate was signed with. */
	public UUID structureId() {
		return this.structureId;
	}

	/**
	 * Where to go after switching structure, when the refusing page says so; otherwise
	 * the page asked for (a GET) or nowhere (a form sent).
	 */
	public @Nullable String returnTo() {
		return this.returnTo;
	}

}
