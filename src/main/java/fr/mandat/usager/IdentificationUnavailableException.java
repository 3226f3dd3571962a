package fr.mandat.usager;

import org.jspecify.annotations.Nullable;

/** The usagers' identity provider does not answer: an identification cannot start now. */
public class IdentificationUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	IdentificationUnavailableException(@Nullable Throwable cause) {
		super("The usagers' identity provider does not answer", cause);
	}

}
