package fr.mandat.structure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Step-up authentication for sensitive actions (signing, renewing or revoking a mandate):
 * the aidant must have entered their one-time code at the identity provider within the
 * last five minutes. Decided from the ID token's {@code acr} and {@code auth_time}, not
 * from the session's age.
 */
@Component
public class StepUp {

	/** How recent the OTP authentication must be. */
	public static final Duration MAX_AGE = Duration.ofMinutes(5);

	/** The ACR the staff realm gives to a password + OTP authentication. */
	public static final String OTP_ACR = "otp";

	/** Where the browser goes to re-authenticate (see the security configuration). */
	public static final String AUTHORIZATION_PATH = "/oauth2/authorization/mandat?renforcee=1";

	/** Query parameter that asks the authorization request for a fresh authentication. */
	public static final String PARAMETER = "renforcee";

	private static final String PENDING = StepUp.class.getName() + ".pending";

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final Clock clock;

	StepUp(Clock clock) {
		this.clock = clock;
	}

	/** Whether this authentication is a fresh OTP authentication. */
	public boolean isFresh(@Nullable Authentication authentication) {
		return problem(authentication).isEmpty();
	}

	/**
	 * Why the authentication is not fresh enough (for the journal), or empty if it is.
	 */
	public Optional<String> problem(@Nullable Authentication authentication) {
		if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
			return Optional.of("no-id-token");
		}
		if (!OTP_ACR.equals(user.getIdToken().getClaimAsString("acr"))) {
			return Optional.of("acr");
		}
		Instant authTime = user.getIdToken().getAuthenticatedAt();
		if (authTime == null) {
			return Optional.of("no-auth-time");
		}
		Instant now = this.clock.instant();
		if (authTime.isBefore(now.minus(MAX_AGE)) || authTime.isAfter(now.plus(CLOCK_SKEW))) {
			return Optional.of("auth-time");
		}
		return Optional.empty();
	}

	/**
	 * Remembers where to come back after the re-authentication and returns where to send
	 * the browser.
	 */
	public String begin(HttpSession session, String returnTo) {
		session.setAttribute(PENDING, new Pending(returnTo, this.clock.instant()));
		return AUTHORIZATION_PATH;
	}

	/** The pending step-up of this session, removed from it. */
	public Optional<Pending> finish(@Nullable HttpSession session) {
		if (session == null || !(session.getAttribute(PENDING) instanceof Pending pending)) {
			return Optional.empty();
		}
		session.removeAttribute(PENDING);
		return Optional.of(pending);
	}

	/** A step-up under way: where to return, and since when. */
	public record Pending(String returnTo, Instant requestedAt) implements java.io.Serializable {
	}

}
