package fr.mandat.mandate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The durations a mandate may be given, as Aidants Connect offers them. */
enum MandateDuration {

	ONE_DAY(1, "1 jour"), ONE_MONTH(31, "1 mois (31 jours)"), SIX_MONTHS(182, "6 mois (182 jours)"),
	ONE_YEAR(365, "1 an (365 jours)");

	private final int days;

	private final String label;

	MandateDuration(int days, String label) {
		this.days = days;
		this.label = label;
	}

	public int days() {
		return this.days;
	}

	public String label() {
		return this.label;
	}

	Duration duration() {
		return Duration.ofDays(this.days);
	}

	static Optional<MandateDuration> ofDays(int days) {
		return Arrays.stream(values()).filter((d) -> d.days == days).findFirst();
	}

}
