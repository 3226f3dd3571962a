package fr.mandat.mandate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import fr.mandat.mandate.MandateRefusal.Reason;

import org.jspecify.annotations.Nullable;

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

	/**
	 * The duration chosen on a form.
	 * @throws MandateRefusal when none is chosen or the one chosen is not offered
	 */
	static MandateDuration chosen(@Nullable Integer days) {
		if (days == null) {
			throw MandateRefusal.of(Reason.NO_DURATION);
		}
		return ofDays(days).orElseThrow(() -> MandateRefusal.of(Reason.DURATION_NOT_OFFERED));
	}

	static Optional<MandateDuration> ofDays(int days) {
		return Arrays.stream(values()).filter((d) -> d.days == days).findFirst();
	}

}
