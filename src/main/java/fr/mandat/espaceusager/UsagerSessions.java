package fr.mandat.espaceusager;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import fr.mandat.usager.UsagerPseudonyms;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/** Who is signed in to the usager's space, and how recently they authenticated. */
@Component
class UsagerSessions {

	private final UsagerPseudonyms pseudonyms;

	private final UsagerSpaceProperties properties;

	private final Clock clock;

	UsagerSessions(UsagerPseudonyms pseudonyms, UsagerSpaceProperties properties, Clock clock) {
		this.pseudonyms = pseudonyms;
		this.properties = properties;
		this.clock = clock;
	}

	SignedInUsager of(OidcUser user) {
		String issuer = String.valueOf(user.getIssuer());
		String name = (Objects.requireNonNullElse(user.getGivenName(), "") + " "
				+ Objects.requireNonNullElse(user.getFamilyName(), ""))
			.trim();
		String subject = user.getSubject();
		if (subject == null) {
			throw new IllegalStateException("An ID token without a subject");
		}
		return new SignedInUsager(this.pseudonyms.of(issuer, subject), name, user.getAuthenticatedAt());
	}

	/**
	 * Whether the usager authenticated recently enough to revoke (the ID token's
	 * {@code auth_time}, not the session's age).
	 */
	boolean authenticatedRecently(SignedInUsager usager) {
		Instant at = usager.authenticatedAt();
		if (at == null) {
			return false;
		}
		Instant now = this.clock.instant();
		// A few seconds of clock difference with the identity provider are tolerated.
		return !at.isBefore(now.minus(this.properties.freshAuthentication())) && !at.isAfter(now.plusSeconds(30));
	}

	/** When the usager's personal data was erased (retention rule), if it was. */
	java.util.Optional<Instant> erasedAt(SignedInUsager usager) {
		return this.pseudonyms.erasedAt(usager.pseudonym());
	}

	Instant now() {
		return this.clock.instant();
	}

}
