package fr.mandat.journal;

/** What an entry records. Stored by name: never rename a constant. */
public enum JournalAction {

	SIGNED_IN, SIGNED_OUT, STEP_UP_FAILED, STEP_UP_REFUSED, STRUCTURE_SWITCHED, ACCESS_DENIED,

	USAGER_IDENTIFIED, USAGER_IDENTIFICATION_REFUSED,

	/** A usager's personal data was erased under the retention rule (ADR 0106). */
	USAGER_DATA_ERASED,

	MANDATE_CREATED, MANDATE_SIGNED, MANDATE_RENEWED, MANDATE_REVOKED, MANDATE_EXPIRED, AUTORISATION_REVOKED,
	AUTORISATION_USED,

	DEMARCHE_REQUESTED, DEMARCHE_COMPLETED, DEMARCHE_FAILED, DEMARCHE_REFUSED, DEMARCHE_OUTCOME_UNKNOWN,

	HABILITATION_CHANGED, MEMBERSHIP_CHANGED, STRUCTURE_CATEGORIES_CHANGED, STRUCTURE_CREATED, STRUCTURE_UPDATED,

	HABILITATION_REQUESTED, HABILITATION_APPROVED, HABILITATION_REFUSED, ACCOUNT_PROVISIONED,

	JOURNAL_SEARCHED, JOURNAL_ENTRY_VIEWED, JOURNAL_EXPORTED, JOURNAL_VERIFIED,

	/** A usager downloaded everything Mandat holds about them (GDPR art. 15 and 20). */
	USAGER_DATA_EXPORTED,

	/**
	 * An aidant signed in to a partner site for a usager under a mandate, or was refused
	 * (issue 15, ADR 0110).
	 */
	PARTNER_SIGN_IN, PARTNER_SIGN_IN_REFUSED,

	/**
	 * A partner site exchanged the token of such a sign-in for a delegation token for one
	 * of its APIs (RFC 8693), or was refused (issue 15, ADR 0113).
	 */
	PARTNER_TOKEN_EXCHANGED, PARTNER_TOKEN_EXCHANGE_REFUSED,

	/**
	 * A partner site was told (OpenID Connect back-channel logout) to end the session it
	 * opened under a mandate that no longer allows it (ADR 0111).
	 */
	PARTNER_SIGNED_OUT,

	/** An admin disabled or enabled again a partner site's sign-ins (ADR 0112). */
	PARTNER_SITE_DISABLED, PARTNER_SITE_ENABLED

}
