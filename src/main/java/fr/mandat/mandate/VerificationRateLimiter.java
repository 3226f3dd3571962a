package fr.mandat.mandate;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Limits public verifications per client address and per minute (fixed windows), on each
 * instance. Bounded: past windows are dropped, and when too many addresses are seen in
 * one window, every new one counts against a shared bucket.
 */
@Component
class VerificationRateLimiter {

	private static final int MAX_TRACKED = 10_000;

	private static final String OVERFLOW = "*";

	private final Clock clock;

	private final int perMinute;

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private volatile long window = -1;

	VerificationRateLimiter(Clock clock, MandateProperties properties) {
		this.clock = clock;
		this.perMinute = properties.verificationsPerMinute();
	}

	/** Whether this client may verify now; counts the attempt. */
	boolean tryAcquire(String client) {
		long current = this.clock.millis() / 60_000;
		if (current != this.window) {
			synchronized (this) {
				if (current != this.window) {
					this.counts.clear();
					this.window = current;
				}
			}
		}
		String key = (this.counts.size() >= MAX_TRACKED && !this.counts.containsKey(client)) ? OVERFLOW : client;
		return this.counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= this.perMinute;
	}

}
