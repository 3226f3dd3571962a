package fr.mandat.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Step-up for the JSON API, where no page can send the person to the identity provider: a
 * sensitive action needs an access token that shows a fresh one-time code ({@code acr}
 * {@code otp}, {@code auth_time} at most five minutes old), and each such authentication
 * confirms one action only: the person and the authentication's time are used up, so a
 * token refreshed from it (same {@code auth_time}, another {@code jti}) confirms nothing
 * more.
 */
@Component
public class TokenStepUp {

	private final JdbcClient jdbc;

	private final Clock clock;

	TokenStepUp(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Uses this token up as the confirmation of one sensitive action, or says why it
	 * cannot be one.
	 * @return empty if confirmed, else the reason (for the journal and the problem)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Optional<String> consume(@Nullable Authentication authentication, UUID aidantId, String action) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return Optional.of("no-token");
		}
		if (!StepUp.OTP_ACR.equals(token.getToken().getClaimAsString("acr"))) {
			return Optional.of("acr");
		}
		Instant now = this.clock.instant();
		Instant authTime = token.getToken().getClaimAsInstant("auth_time");
		if (authTime == null || authTime.isBefore(now.minus(StepUp.INTENT_LIFETIME))
				|| authTime.isAfter(now.plusSeconds(30))) {
			return Optional.of("auth-time");
		}
		String subject = token.getToken().getSubject();
		if (subject == null || subject.isBlank() || subject.length() > 100) {
			return Optional.of("no-subject");
		}
		// One confirmation per authentication, whatever tokens it was turned into.
		String confirmation = subject + "@" + authTime.getEpochSecond();
		int inserted = this.jdbc.sql("""
				INSERT INTO step_up_token_use (authentication, aidant_id, action, used_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (authentication) DO NOTHING
				""").params(confirmation, aidantId, action, Timestamp.from(now)).update();
		this.jdbc.sql("DELETE FROM step_up_token_use WHERE used_at < ?")
			.param(Timestamp.from(now.minus(Duration.ofDays(1))))
			.update();
		return (inserted == 1) ? Optional.empty() : Optional.of("authentication-used");
	}

}
