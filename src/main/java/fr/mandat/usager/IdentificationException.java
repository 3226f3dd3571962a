package fr.mandat.usager;

/** The identity provider's answer could not be accepted. */
public class IdentificationException extends RuntimeException {

	private final String reason;

	IdentificationException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	IdentificationException(String reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** A short code for the journal (e.g. {@code nonce}, {@code code-exchange}). */
	public String reason() {
		return this.reason;
	}

}
