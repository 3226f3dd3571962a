package fr.mandat.structure;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * How every page, message and e-mail of the application writes a date: in French, in the
 * one time zone of the service (metropolitan France). The PDF attestation keeps its own
 * wording around these.
 */
public final class FrenchDates {

	/** The zone dates are shown and days are counted in. */
	public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

	/** « 3 décembre 2026 à 14h05 ». */
	public static final DateTimeFormatter DATE_TIME = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRANCE)
		.withZone(ZONE);

	/** « 3 décembre 2026 » (an instant, or a day such as a birth date). */
	public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRANCE)
		.withZone(ZONE);

	/** « 03/12/2026 14:05:09 », where the second matters (the journal). */
	public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss", Locale.FRANCE)
		.withZone(ZONE);

	private FrenchDates() {
	}

	public static String dateTime(Instant at) {
		return DATE_TIME.format(at);
	}

	public static String date(TemporalAccessor day) {
		return DATE.format(day);
	}

}
