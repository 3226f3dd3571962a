package fr.mandat.support;

import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waiting for a condition, never for a fixed time: the condition is checked at once, then
 * every 50 ms, until it holds or the deadline passes (then the wait fails, naming what
 * was awaited).
 */
public final class Waits {

	static final Duration POLL = Duration.ofMillis(50);

	private Waits() {
	}

	/** A wait of at most {@code deadline}, described as {@code what} when it fails. */
	public static ConditionFactory upTo(Duration deadline, String what) {
		return Awaitility.await(what).atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL);
	}

	/**
	 * The time left until {@code deadline} (at least a millisecond, so a late start still
	 * checks once).
	 */
	public static Duration until(Instant deadline) {
		Duration left = Duration.between(Instant.now(), deadline);
		return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
	}

}
