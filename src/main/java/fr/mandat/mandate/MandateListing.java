package fr.mandat.mandate;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which of the structure's mandates the list shows: a state at the current instant (the
 * same rules as {@link MandateStatus#at}) and, optionally, a usager's name as its blind
 * index (ADR 0096).
 */
final class MandateListing {

	private MandateListing() {
	}

	/** The states the list filters on, by their value in the page's address. */
	enum StatusFilter {

		ACTIVE("actifs"), EXPIRING("bientot"), EXPIRED("expires"), REVOKED("revoques"), ALL("tous");

		private final String code;

		StatusFilter(String code) {
			this.code = code;
		}

		String code() {
			return this.code;
		}

		static Optional<StatusFilter> ofCode(String code) {
			return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
		}

	}

	/**
	 * One page of the list.
	 *
	 * @param total how many mandates match, on every page
	 */
	record Page(List<Mandate> mandates, long total) {

		Page {
			mandates = List.copyOf(mandates);
		}

	}

}
