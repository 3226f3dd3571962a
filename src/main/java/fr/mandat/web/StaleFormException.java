package fr.mandat.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A page form sent for another structure than the one the person acts for now (they
 * switched structure after the form was shown). Nothing was done.
 */
public class StaleFormException extends RuntimeException {

	private final @Nullable UUID sentFor;

	public StaleFormException(@Nullable UUID sentFor) {
		super("Form sent for another structure", null, false, false);
		this.sentFor = sentFor;
	}

	/** The structure the form was shown for, if it said. */
	public @Nullable UUID sentFor() {
		return this.sentFor;
	}

}
