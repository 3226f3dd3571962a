package fr.mandat.demarche;

/**
 * How a call to a partner ended. Each outcome carries a plain French message for the
 * aidant; none carries personal data.
 */
public sealed interface PartnerOutcome {

	/** What to tell the aidant, in French. */
	String message();

	/**
	 * The partner took the démarche.
	 *
	 * @param reference the partner's reference for it, to give the usager
	 * @param status the partner's status word, e.g. {@code enregistree}
	 * @param responseDigest SHA-256 of the response body, base64url without padding
	 */
	record Accepted(String reference, String status, String message, String responseDigest) implements PartnerOutcome {

	}

	/**
	 * The partner answered no, for good: a business refusal (e.g. an unknown number) or a
	 * refused delegation token. Doing the démarche again the same way will not help.
	 *
	 * @param responseDigest SHA-256 of the response body, base64url without padding
	 */
	record Refused(int httpStatus, String message, String responseDigest) implements PartnerOutcome {

	}

	/**
	 * Certainly not received by the partner (connection refused, circuit open, rate
	 * limited): nothing happened there, so it may be tried again.
	 *
	 * @param reason for the logs and the journal, in English, without personal data
	 */
	record NotSent(String reason, String message) implements PartnerOutcome {

	}

	/**
	 * Maybe processed by the partner (no answer in time, connection reset, server error,
	 * unreadable answer): to be settled by {@link PartnerClient#reconcile} with the same
	 * idempotency key, never by doing the démarche again.
	 *
	 * @param reason for the logs and the journal, in English, without personal data
	 */
	record Unknown(String reason, String message) implements PartnerOutcome {

	}

}
