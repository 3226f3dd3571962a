package fr.mandat.espaceusager;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/** Dates as the usager reads them: French, in metropolitan France's time. */
final class Dates {

	static final ZoneId ZONE = ZoneId.of("Europe/Paris");

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH)
		.withZone(ZONE);

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRENCH)
		.withZone(ZONE);

	private Dates() {
	}

	static String date(Instant instant) {
		return DATE.format(instant);
	}

	static String dateTime(Instant instant) {
		return DATE_TIME.format(instant);
	}

	static @Nullable String dateTimeOrNull(@Nullable Instant instant) {
		return (instant != null) ? dateTime(instant) : null;
	}

}
