package fr.mandat.mandate;

import java.time.Clock;

import fr.mandat.signing.PersonalDataProtection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Public verifications per client and minute, counted in PostgreSQL so that every
 * instance behind the load balancer applies one limit (ADR 0102). A client is stored as a
 * keyed pseudonym of {@link VerificationRateLimiter#client(String)}, the same on every
 * instance, never as its address.
 */
@Component
class SharedVerificationCounts {

	private static final String PSEUDONYM_CONTEXT = "verification-rate";

	private final JdbcClient jdbc;

	private final PersonalDataProtection protection;

	private final Clock clock;

	private final int perMinute;

	SharedVerificationCounts(JdbcClient jdbc, PersonalDataProtection protection, Clock clock,
			MandateProperties properties) {
		this.jdbc = jdbc;
		this.protection = protection;
		this.clock = clock;
		this.perMinute = properties.verificationsPerMinute();
	}

	/** Counts an attempt; whether the client is still within the limit this minute. */
	boolean tryAcquire(String clientAddress) {
		String client = this.protection.pseudonym(PSEUDONYM_CONTEXT, VerificationRateLimiter.client(clientAddress));
		int attempts = this.jdbc.sql("""
				INSERT INTO verification_rate (client, minute, attempts) VALUES (:client, :minute, 1)
				ON CONFLICT (client, minute) DO UPDATE SET attempts = verification_rate.attempts + 1
				RETURNING attempts
				""").param("client", client).param("minute", minute()).query(Integer.class).single();
		return attempts <= this.perMinute;
	}

	/** Past minutes' counts are of no use: any instance may remove them. */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void forgetPastMinutes() {
		this.jdbc.sql("DELETE FROM verification_rate WHERE minute < :minute").param("minute", minute()).update();
	}

	private long minute() {
		return this.clock.millis() / 60_000;
	}

}
