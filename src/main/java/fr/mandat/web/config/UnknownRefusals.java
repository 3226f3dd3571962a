package fr.mandat.web.config;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import fr.mandat.journal.RequestFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Refusals of requests from nobody the application knows (no session or token, or a
 * Keycloak account without an aidant record). They never reach the journal, which records
 * decisions about known people: anyone could otherwise grow an insert-only log forever.
 * Instead, a counter ({@code mandat.access.refused}) and at most one log line per
 * {@link #LOG_INTERVAL}, with the method and a capped path only (no address, no header).
 */
@Component
class UnknownRefusals {

	static final String METRIC = "mandat.access.refused";

	static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

	static final int MAX_LOGGED_PATH = 100;

	private static final Logger logger = LoggerFactory.getLogger(UnknownRefusals.class);

	private final Clock clock;

	private final Counter anonymous;

	private final Counter unknown;

	private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	UnknownRefusals(Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.anonymous = Counter.builder(METRIC)
			.description("Requests refused to someone the application does not know (never journaled)")
			.tag("who", "anonymous")
			.register(meters);
		this.unknown = Counter.builder(METRIC)
			.description("Requests refused to someone the application does not know (never journaled)")
			.tag("who", "unknown-account")
			.register(meters);
	}

	/** Counts the refusal and logs it unless a line was written less than 10 s ago. */
	void refused(HttpServletRequest request, boolean signedInElsewhere) {
		(signedInElsewhere ? this.unknown : this.anonymous).increment();
		long now = this.clock.millis();
		long next = this.nextLogAt.get();
		if (now < next || !this.nextLogAt.compareAndSet(next, now + LOG_INTERVAL.toMillis())) {
			this.suppressed.incrementAndGet();
			return;
		}
		long others = this.suppressed.getAndSet(0);
		logger.info("Refused {} request {} {} (not journaled; {} other such refusals since the last line)",
				signedInElsewhere ? "an unknown account's" : "an anonymous",
				RequestFacts.cap(request.getMethod(), RequestFacts.MAX_METHOD),
				RequestFacts.cap(request.getRequestURI(), MAX_LOGGED_PATH), others);
	}

}
