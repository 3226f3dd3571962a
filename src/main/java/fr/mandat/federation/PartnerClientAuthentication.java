package fr.mandat.federation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * A partner's {@code private_key_jwt} authentication (PAR, token, introspection and
 * revocation endpoints), once the server has checked the assertion's signature and
 * claims: refused ({@code invalid_client}) when an admin has disabled the site, or when
 * the assertion was already used, its {@code jti} being kept until it expires (RFC 7523
 * §3, point 7; ADR 0112). The store is PostgreSQL, so a replay is refused whichever
 * instance it reaches.
 */
final class PartnerClientAuthentication implements AuthenticationProvider {

	/**
	 * The longest an assertion may be valid for ({@code iat} to {@code exp}): its jti is
	 * kept that long at most.
	 */
	static final Duration LONGEST_LIFETIME = Duration.ofHours(1);

	private final AuthenticationProvider assertions;

	private final PartnerStatuses statuses;

	private final Assertions used;

	PartnerClientAuthentication(AuthenticationProvider assertions, PartnerStatuses statuses, Assertions used) {
		this.assertions = assertions;
		this.statuses = statuses;
		this.used = used;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		Authentication result = this.assertions.authenticate(authentication);
		if (!(result instanceof OAuth2ClientAuthenticationToken client) || client.getRegisteredClient() == null) {
			return result;
		}
		String clientId = client.getRegisteredClient().getClientId();
		if (!(client.getCredentials() instanceof Jwt assertion) || assertion.getId() == null
				|| assertion.getId().isBlank()) {
			throw refused("The client assertion must carry a jti");
		}
		if (!this.used.firstUse(clientId, assertion.getId(), assertion.getIssuedAt(), assertion.getExpiresAt())) {
			throw refused("The client assertion was already used, or is valid for too long");
		}
		if (!this.statuses.enabled(clientId)) {
			throw refused("This partner site is disabled");
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.assertions.supports(authentication);
	}

	private static OAuth2AuthenticationException refused(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
	}

	/** The assertions' {@code jti} already seen, until their expiry. */
	@Component
	static class Assertions {

		private final JdbcClient jdbc;

		private final Clock clock;

		Assertions(JdbcClient jdbc, Clock clock) {
			this.jdbc = jdbc;
			this.clock = clock;
		}

		/**
		 * Whether this is the first use of an assertion valid for
		 * {@link #LONGEST_LIFETIME} at most (from its {@code iat}, else from now); it is
		 * kept from now on, until it expires. The server has checked its signature and
		 * that it has not expired.
		 */
		boolean firstUse(String clientId, String jti, @Nullable Instant issuedAt, @Nullable Instant expiresAt) {
			Instant from = (issuedAt != null) ? issuedAt : this.clock.instant();
			if (expiresAt == null || expiresAt.isAfter(from.plus(LONGEST_LIFETIME))) {
				return false;
			}
			return this.jdbc.sql("""
					INSERT INTO federation_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?)
					ON CONFLICT (client_id, jti) DO NOTHING
					""").params(clientId, jti, Timestamp.from(expiresAt)).update() == 1;
		}

		/** Forgets the assertions expired (they are refused as expired anyway). */
		@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
		void forgetExpired() {
			this.jdbc.sql("DELETE FROM federation_client_assertion WHERE expires_at < ?")
				.param(Timestamp.from(this.clock.instant()))
				.update();
		}

	}

}
