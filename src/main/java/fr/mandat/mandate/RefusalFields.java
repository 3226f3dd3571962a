package fr.mandat.mandate;

import java.util.Optional;

import fr.mandat.mandate.MandateRefusal.Reason;

/**
 * Beside which form field of the mandate pages a refusal's message is shown: the pages'
 * concern, not the rules'.
 */
final class RefusalFields {

	static final String CATEGORIES = "categories";

	static final String DURATION = "duree";

	static final String CONSENT = "consentement";

	private RefusalFields() {
	}

	/** The field, or empty when the refusal concerns the whole page. */
	static Optional<String> of(Reason reason) {
		return switch (reason) {
			case NO_CATEGORY, TOO_MANY_CATEGORIES, UNKNOWN_CATEGORY, CATEGORY_NOT_OFFERED, AUTORISATION_NOT_ACTIVE ->
				Optional.of(CATEGORIES);
			case NO_DURATION, DURATION_NOT_OFFERED -> Optional.of(DURATION);
			case NO_CONSENT -> Optional.of(CONSENT);
			default -> Optional.empty();
		};
	}

}
