package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances behind a load balancer apply one limit to a client: what one counted, the
 * other sees (the same database, two counters as two instances would have).
 */
@MandatIntegrationTest
class SharedVerificationCountsTests {

	/** Far from the other tests' minutes, so that their counts do not mix. */
	private static final Instant MINUTE = Instant.parse("2031-03-04T10:15:00Z");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PersonalDataProtection protection;

	@Autowired
	private MandateProperties properties;

	@Test
	void aClientIsLimitedAcrossInstancesAndAgainFreeTheNextMinute() {
		SharedVerificationCounts first = instance(MINUTE.plusSeconds(5));
		SharedVerificationCounts second = instance(MINUTE.plusSeconds(40));
		int limit = this.properties.verificationsPerMinute();

		assertThat(IntStream.range(0, limit - 10).mapToObj(i -> first.tryAcquire("198.51.100.7"))).containsOnly(true);
		assertThat(IntStream.range(0, 10).mapToObj(i -> second.tryAcquire("198.51.100.7"))).containsOnly(true);
		assertThat(second.tryAcquire("198.51.100.7")).isFalse();
		assertThat(first.tryAcquire("198.51.100.7")).isFalse();
		// Another client, and the same /64 network under another address.
		assertThat(first.tryAcquire("198.51.100.8")).isTrue();
		assertThat(IntStream.range(0, limit).mapToObj(i -> second.tryAcquire("2001:db8:1:2::" + i))).containsOnly(true);
		assertThat(first.tryAcquire("2001:db8:1:2:ffff::1")).isFalse();

		SharedVerificationCounts nextMinute = instance(MINUTE.plusSeconds(61));
		assertThat(nextMinute.tryAcquire("198.51.100.7")).isTrue();
	}

	@Test
	void pastMinutesAreForgottenAndNoAddressIsStored() {
		instance(MINUTE.minusSeconds(600)).tryAcquire("203.0.113.9");
		assertThat(this.jdbc.sql("SELECT count(*) FROM verification_rate WHERE client LIKE '%203.0.113%'")
			.query(Long.class)
			.single()).isZero();
		assertThat(countAt(MINUTE.minusSeconds(600))).isPositive();

		instance(MINUTE.minusSeconds(300)).forgetPastMinutes();

		assertThat(countAt(MINUTE.minusSeconds(600))).isZero();
	}

	private long countAt(Instant instant) {
		return this.jdbc.sql("SELECT count(*) FROM verification_rate WHERE minute = :minute")
			.param("minute", instant.toEpochMilli() / 60_000)
			.query(Long.class)
			.single();
	}

	private SharedVerificationCounts instance(Instant now) {
		return new SharedVerificationCounts(this.jdbc, this.protection, Clock.fixed(now, ZoneOffset.UTC),
				this.properties);
	}

}
