package fr.mandat.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTests {

	@Test
	void matchesTheRfc6238Vectors() {
		// RFC 6238 appendix B, SHA-1 key, truncated to the 6 digits Keycloak uses.
		assertThat(Totp.code("12345678901234567890", at(59))).isEqualTo("287082");
		assertThat(Totp.code("12345678901234567890", at(1111111109))).isEqualTo("081804");
		assertThat(Totp.code("12345678901234567890", at(2000000000))).isEqualTo("279037");
	}

	private static Clock at(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

}
