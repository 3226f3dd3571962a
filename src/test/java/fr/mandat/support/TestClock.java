package fr.mandat.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * The application's clock in integration tests: the real time, shifted by an offset a
 * test may set (to see a draft or a mandate expire, or an authentication grow old) and
 * must reset afterwards. Only the application's domain time moves: Keycloak, Spring
 * Session and token validation keep the real time.
 */
public final class TestClock extends Clock {

	private static volatile Duration offset = Duration.ZERO;

	private static volatile @Nullable Instant frozen;

	/** Moves the application's time forward (or back) from the real time. */
	public static void shift(Duration by) {
		offset = by;
	}

	/** Stops the application's time at this instant. */
	public static void freeze(Instant at) {
		frozen = at;
	}

	public static void reset() {
		offset = Duration.ZERO;
		frozen = null;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return Clock.offset(Clock.system(zone), offset);
	}

	@Override
	public Instant instant() {
		Instant at = frozen;
		return (at != null) ? at : Instant.now().plus(offset);
	}

}
