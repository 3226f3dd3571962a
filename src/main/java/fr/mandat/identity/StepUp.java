package fr.mandat.identity;

import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Step-up authentication, one sensitive action at a time. A sensitive action (signing a
 * mandate, revoking one, a démarche in « Argent », approving a habilitation, appointing
 * or deactivating someone) is never carried out on the strength of an earlier
 * authentication, not even the sign-in a minute ago: it is kept server-side as an
 * {@link Intent} bound to the person, their structure, the action and its object, for a
 * few minutes; the person confirms their identity with a fresh one-time code at the
 * identity provider; the application then checks the new ID token ({@code acr} and an
 * {@code auth_time} after the intent was made) and carries out exactly that action, once.
 * <p>
 * Intents live in the HTTP session (stored in PostgreSQL, so any instance resumes them).
 */
@Component
public class StepUp {

	/** How long an action waits for its confirmation. */
	public static final Duration INTENT_LIFETIME = Duration.ofMinutes(5);

	/** The ACR the staff realm gives to a password + OTP authentication. */
	public static final String OTP_ACR = "otp";

	/**
	 * Query parameter of the authorization request that asks for a fresh authentication
	 * (see the security configuration).
	 */
	public static final String PARAMETER = "renforcee";

	/** Where the browser resumes an action once confirmed. */
	public static final String RESUME_PATH = "/renforcement/";

	private static final String INTENTS = StepUp.class.getName() + ".intents";

	private static final String IN_FLIGHT = StepUp.class.getName() + ".inFlight";

	private static final int MAX_INTENTS = 5;

	/** Keycloak's clock and ours may differ a little; auth_time is in whole seconds. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

	private final Clock clock;

	StepUp(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Keeps the action until the person confirms their identity and returns where to send
	 * the browser for that confirmation.
	 * @param cancelTo the page to go back to if the action is not carried out
	 */
	public String begin(HttpSession session, UUID aidantId, String subject, UUID structureId, SensitiveAction action,
			String cancelTo) {
		Instant now = this.clock.instant();
		Map<UUID, Intent> intents = intents(session, now);
		while (intents.size() >= MAX_INTENTS) {
			intents.remove(intents.keySet().iterator().next());
		}
		Intent intent = new Intent(UUID.randomUUID(), aidantId, subject, structureId, action, cancelTo, now,
				IntentState.PENDING, null);
		intents.put(intent.id(), intent);
		session.setAttribute(INTENTS, intents);
		session.setAttribute(IN_FLIGHT, intent.id());
		return "/oauth2/authorization/mandat?" + PARAMETER + "=" + intent.id();
	}

	/**
	 * The identity provider answered the confirmation under way in this session: the
	 * intent is authorised if the new authentication is a fresh OTP authentication of the
	 * same person, made after the intent.
	 * @return empty if no confirmation was under way
	 */
	public Optional<Confirmation> confirm(@Nullable HttpSession session, @Nullable Authentication authentication) {
		Optional<Intent> inFlight = takeInFlight(session);
		if (inFlight.isEmpty() || session == null) {
			return Optional.empty();
		}
		Intent intent = inFlight.get();
		Optional<String> problem = problem(authentication, intent);
		Map<UUID, Intent> intents = intents(session, this.clock.instant());
		if (problem.isPresent()) {
			intents.remove(intent.id());
			session.setAttribute(INTENTS, intents);
			return Optional.of(new Confirmation(intent, problem.get()));
		}
		intents.put(intent.id(), intent.with(IntentState.AUTHORISED, null));
		session.setAttribute(INTENTS, intents);
		return Optional.of(new Confirmation(intent, null));
	}

	/**
	 * The confirmation under way failed at the identity provider (refused, cancelled):
	 * the intent is dropped.
	 */
	public Optional<Intent> abandon(@Nullable HttpSession session) {
		Optional<Intent> inFlight = takeInFlight(session);
		if (inFlight.isPresent() && session != null) {
			Map<UUID, Intent> intents = intents(session, this.clock.instant());
			intents.remove(inFlight.get().id());
			session.setAttribute(INTENTS, intents);
		}
		return inFlight;
	}

	/**
	 * The intent to carry out now: authorised, of this person, not expired. It is marked
	 * as being carried out, so a second request gets {@link Resumption.AlreadyDone} or
	 * {@link Resumption.Unknown}, never a second execution.
	 */
	public Resumption resume(HttpSession session, UUID aidantId, UUID intentId) {
		Map<UUID, Intent> intents = intents(session, this.clock.instant());
		Intent intent = intents.get(intentId);
		if (intent == null || !intent.aidantId().equals(aidantId)) {
			return new Resumption.Unknown();
		}
		if (intent.state() == IntentState.DONE) {
			return new Resumption.AlreadyDone(intent);
		}
		if (intent.state() != IntentState.AUTHORISED) {
			return new Resumption.Unknown();
		}
		intents.put(intentId, intent.with(IntentState.DONE, intent.cancelTo()));
		session.setAttribute(INTENTS, intents);
		return new Resumption.Ready(intent);
	}

	/** Remembers where the result of a carried-out intent is shown (for a reload). */
	public void done(HttpSession session, Intent intent, String resultAt) {
		Map<UUID, Intent> intents = intents(session, this.clock.instant());
		if (intents.containsKey(intent.id())) {
			intents.put(intent.id(), intent.with(IntentState.DONE, resultAt));
			session.setAttribute(INTENTS, intents);
		}
	}

	/**
	 * Why this authentication does not confirm the intent (for the journal), or empty if
	 * it does.
	 */
	Optional<String> problem(@Nullable Authentication authentication, Intent intent) {
		if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
			return Optional.of("no-id-token");
		}
		if (!intent.subject().equals(user.getSubject())) {
			return Optional.of("other-person");
		}
		if (!OTP_ACR.equals(user.getIdToken().getClaimAsString("acr"))) {
			return Optional.of("acr");
		}
		Instant authTime = user.getIdToken().getAuthenticatedAt();
		if (authTime == null) {
			return Optional.of("no-auth-time");
		}
		Instant now = this.clock.instant();
		Instant asked = intent.createdAt().truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW);
		if (authTime.isBefore(asked) || authTime.isAfter(now.plus(CLOCK_SKEW))) {
			return Optional.of("auth-time");
		}
		if (now.isAfter(intent.createdAt().plus(INTENT_LIFETIME))) {
			return Optional.of("intent-expired");
		}
		return Optional.empty();
	}

	private Optional<Intent> takeInFlight(@Nullable HttpSession session) {
		if (session == null || !(session.getAttribute(IN_FLIGHT) instanceof UUID id)) {
			return Optional.empty();
		}
		session.removeAttribute(IN_FLIGHT);
		return Optional.ofNullable(intents(session, this.clock.instant()).get(id))
			.filter(intent -> intent.state() == IntentState.PENDING);
	}

	@SuppressWarnings("unchecked")
	private Map<UUID, Intent> intents(HttpSession session, Instant now) {
		Map<UUID, Intent> intents = new LinkedHashMap<>();
		if (session.getAttribute(INTENTS) instanceof Map<?, ?> stored) {
			intents.putAll((Map<UUID, Intent>) stored);
		}
		// Pending and authorised intents expire; a done one is kept a little longer so
		// that a reload finds its result.
		intents.values()
			.removeIf(intent -> now.isAfter(intent.createdAt()
				.plus((intent.state() == IntentState.DONE) ? INTENT_LIFETIME.multipliedBy(6) : INTENT_LIFETIME)));
		return intents;
	}

	/** What a sensitive action is, for the person who asked for it. */
	public enum IntentState {

		PENDING, AUTHORISED, DONE

	}

	/**
	 * A sensitive action waiting for (or given) its confirmation.
	 *
	 * @param cancelTo where to go back if it is not done
	 * @param resultAt where its result is shown, once done
	 */
	public record Intent(UUID id, UUID aidantId, String subject, UUID structureId, SensitiveAction action,
			String cancelTo, Instant createdAt, IntentState state, @Nullable String resultAt) implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		Intent with(IntentState newState, @Nullable String result) {
			return new Intent(this.id, this.aidantId, this.subject, this.structureId, this.action, this.cancelTo,
					this.createdAt, newState, result);
		}

	}

	/**
	 * The identity provider's answer for an intent.
	 *
	 * @param problem why it does not confirm the intent, or null if it does
	 */
	public record Confirmation(Intent intent, @Nullable String problem) {

		public boolean confirmed() {
			return this.problem == null;
		}

	}

	/** What to do with a request to resume an intent. */
	public sealed interface Resumption {

		/** Carry it out now (it is marked as taken). */
		record Ready(Intent intent) implements Resumption {
		}

		/** Already carried out: show its result again. */
		record AlreadyDone(Intent intent) implements Resumption {
		}

		/** No such intent for this person, or expired, or never confirmed. */
		record Unknown() implements Resumption {
		}

	}

}
