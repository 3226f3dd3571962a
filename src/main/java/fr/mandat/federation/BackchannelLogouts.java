package fr.mandat.federation;

import java.io.IOException;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.federation.PartnerSites.Site;
import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.AutorisationsRevoked;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateRevoked;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.structure.AidantDeactivated;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StaffMember;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OpenID Connect Back-Channel Logout 1.0 for partner sites (ADR 0111). When a mandate is
 * revoked (whole or some categories) or an aidant deactivated, the partner sessions
 * opened under it are ended: each grant that no longer holds (the mandate, read again
 * now, covers none of the partner's categories; the aidant is still deactivated) is
 * marked ended, so that its tokens are inactive whatever the mandate says, its
 * authorization removed, and the partner sent a signed logout token. A partner that
 * cannot be reached is tried again on a schedule, a bounded number of times.
 * <p>
 * The listeners run right after the revocation commits, through Spring Modulith's event
 * publication registry: a listener that fails before the grants are ended leaves its
 * publication incomplete, submitted again on the same schedule. A mandate that expires
 * publishes nothing: the open sessions' mandates are checked again every minute.
 */
@Component
class BackchannelLogouts {

	private static final Logger logger = LoggerFactory.getLogger(BackchannelLogouts.class);

	/** Tries per logout before giving up (about two hours with the back-off). */
	static final int MAX_ATTEMPTS = 8;

	private static final Duration FIRST_RETRY = Duration.ofSeconds(30);

	/** How long a delivery under way holds its grant against another instance. */
	private static final Duration LEASE = Duration.ofMinutes(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final int LAPSED_PER_PASS = 500;

	/** Where the check of open sessions' mandates goes on at its next pass. */
	private volatile @Nullable UUID lapsedCursor;

	private final PartnerSites sites;

	private final MandateAuthority authority;

	private final StaffDirectory directory;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final IncompleteEventPublications incomplete;

	private final Clock clock;

	private final LogoutTokens tokens;

	BackchannelLogouts(PartnerSites sites, MandateAuthority authority, StaffDirectory directory, Journal journal,
			JdbcClient jdbc, TransactionTemplate transactions, IncompleteEventPublications incomplete,
			ServiceSignatures signatures, FederationProperties properties, Clock clock) {
		this.sites = sites;
		this.authority = authority;
		this.directory = directory;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.incomplete = incomplete;
		this.clock = clock;
		this.tokens = new LogoutTokens(signatures, properties.issuer(), clock, TIMEOUT);
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(MandateRevoked event) {
		deliver(endUncovered(event.mandateId(), event.structureId(), "mandate-revoked"));
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(AutorisationsRevoked event) {
		deliver(endUncovered(event.mandateId(), event.structureId(), "autorisations-revoked"));
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(AidantDeactivated event) {
		// A retry that comes after the aidant was habilitated again ends nothing.
		boolean backAtWork = this.directory.findBySubject(event.subject())
			.filter(StaffMember::mayUseApplication)
			.filter(member -> member.aidantId().equals(event.aidantId()))
			.isPresent();
		if (backAtWork) {
			return;
		}
		List<String> ended = this.transactions.execute(status -> {
			List<String> ids = this.jdbc
				.sql("SELECT authorization_id FROM federation_grant WHERE aidant_id = ? AND ended_at IS NULL"
						+ " FOR UPDATE")
				.param(event.aidantId())
				.query(String.class)
				.list();
			ids.forEach(id -> end(id, "aidant-deactivated"));
			return ids;
		});
		deliver((ended != null) ? ended : List.of());
	}

	/**
	 * The sessions whose mandate ended without an event (it expired, or a listener gave
	 * up): the mandates of open sessions given a token are checked again, a few hundred
	 * per pass in mandate order from where the last pass stopped (reading only, unless
	 * one is ended); those no longer covered are ended and their partners told.
	 */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void endLapsed() {
		UUID after = this.lapsedCursor;
		List<MandateRef> mandates = this.jdbc.sql("""
				SELECT DISTINCT mandate_id, structure_id FROM federation_grant
				WHERE ended_at IS NULL AND subject IS NOT NULL
				""" + ((after != null) ? " AND mandate_id > :after" : "") + " ORDER BY mandate_id LIMIT :limit")
			.param("after", after)
			.param("limit", LAPSED_PER_PASS)
			.query((rs, n) -> new MandateRef(rs.getObject("mandate_id", UUID.class),
					rs.getObject("structure_id", UUID.class)))
			.list();
		this.lapsedCursor = (mandates.size() < LAPSED_PER_PASS) ? null : mandates.get(mandates.size() - 1).mandateId();
		for (MandateRef mandate : mandates) {
			deliver(endUncovered(mandate.mandateId(), mandate.structureId(), "mandate-ended"));
		}
	}

	/**
	 * Ends the mandate's grants whose partner categories the mandate, read now (and
	 * locked until the end of this step), covers no more; a partial revocation that
	 * leaves one of them covered ends nothing for that partner.
	 */
	private List<String> endUncovered(UUID mandateId, UUID structureId, String reason) {
		List<String> ended = this.transactions.execute(status -> {
			List<OpenGrant> open = this.jdbc.sql("""
					SELECT authorization_id, client_id FROM federation_grant
					WHERE mandate_id = ? AND ended_at IS NULL
					FOR UPDATE
					""")
				.param(mandateId)
				.query((rs, n) -> new OpenGrant(rs.getString("authorization_id"), rs.getString("client_id")))
				.list();
			List<String> ids = new ArrayList<>();
			for (OpenGrant grant : open) {
				Optional<Site> site = this.sites.find(grant.clientId());
				if (site.isPresent() && covered(mandateId, structureId, site.get())) {
					continue;
				}
				end(grant.authorizationId(), reason);
				ids.add(grant.authorizationId());
			}
			return ids;
		});
		return (ended != null) ? ended : List.of();
	}

	private boolean covered(UUID mandateId, UUID structureId, Site site) {
		return site.categories()
			.stream()
			.anyMatch(category -> this.authority.authorise(mandateId, structureId,
					category) instanceof MandateAuthority.Authorised);
	}

	/**
	 * Marks the grant ended (its tokens inactive from now on, whatever the mandate says)
	 * and, when the partner was given tokens, removes its authorization and puts a logout
	 * in line if the partner has a back-channel logout address. A code not exchanged yet
	 * keeps its authorization: the exchange is then refused by the grant's end, and
	 * journaled with its reason.
	 */
	private void end(String authorizationId, String reason) {
		Timestamp now = Timestamp.from(this.clock.instant());
		Optional<EndedGrant> ended = this.jdbc.sql("""
				UPDATE federation_grant SET ended_at = ?, ended_reason = ?
				WHERE authorization_id = ? AND ended_at IS NULL
				RETURNING client_id, subject IS NOT NULL AS exchanged
				""")
			.params(now, reason, authorizationId)
			.query((rs, n) -> new EndedGrant(rs.getString("client_id"), rs.getBoolean("exchanged")))
			.optional();
		if (ended.isEmpty() || !ended.get().exchanged()) {
			return;
		}
		if (logoutAddress(ended.get().clientId()) != null) {
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = true, logout_next_attempt_at = ?
					WHERE authorization_id = ?
					""").params(now, authorizationId).update();
		}
		this.jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(authorizationId).update();
	}

	/** Sends the logouts due among these grants, now. */
	private void deliver(List<String> authorizationIds) {
		if (authorizationIds.isEmpty()) {
			return;
		}
		for (Due due : claim(authorizationIds)) {
			send(due);
		}
	}

	/**
	 * Sends again the logouts that failed and are due, and submits again the listeners of
	 * this class that failed before ending their grants.
	 */
	@Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
	void retryFailed() {
		Instant olderThan = this.clock.instant().minus(FIRST_RETRY);
		// AidantDeactivated publications are submitted again by the structure module's
		// schedule (AccountFollowUps), for every listener, this one included.
		this.incomplete.resubmitIncompletePublications(publication -> (publication.getEvent() instanceof MandateRevoked
				|| publication.getEvent() instanceof AutorisationsRevoked)
				&& publication.getCompletionAttempts() < MAX_ATTEMPTS
				&& publication.getPublicationDate().isBefore(olderThan));
		claim(null).forEach(this::send);
	}

	/**
	 * Takes the logouts due (of these grants, or any), for {@link #LEASE}, so that
	 * another instance does not send them at the same time.
	 */
	private List<Due> claim(@Nullable List<String> authorizationIds) {
		Instant now = this.clock.instant();
		List<Due> due = this.jdbc.sql("""
				UPDATE federation_grant SET logout_next_attempt_at = :lease
				WHERE authorization_id IN (
				  SELECT authorization_id FROM federation_grant
				  WHERE logout_pending AND logout_next_attempt_at <= :now
				    AND (CAST(:ids AS TEXT[]) IS NULL OR authorization_id = ANY(CAST(:ids AS TEXT[])))
				  ORDER BY logout_next_attempt_at LIMIT 100
				  FOR UPDATE SKIP LOCKED)
				RETURNING authorization_id, client_id, mandate_id, aidant_id, structure_id, subject, sid, ended_reason,
				  logout_attempts
				""")
			.param("lease", Timestamp.from(now.plus(LEASE)))
			.param("now", Timestamp.from(now))
			.param("ids", (authorizationIds != null) ? authorizationIds.toArray(String[]::new) : null)
			.query((rs, n) -> new Due(rs.getString("authorization_id"), rs.getString("client_id"),
					rs.getObject("mandate_id", UUID.class), rs.getObject("aidant_id", UUID.class),
					rs.getObject("structure_id", UUID.class), rs.getString("subject"), rs.getString("sid"),
					rs.getString("ended_reason"), rs.getInt("logout_attempts")))
			.list();
		return due;
	}

	private void send(Due due) {
		URI address = logoutAddress(due.clientId());
		if (address == null) {
			settle(due, false);
			return;
		}
		String outcome;
		try {
			int status = this.tokens.deliver(address, this.tokens.token(due.clientId(), due.subject(), due.sid()));
			if (status >= 200 && status < 300) {
				settle(due, true);
				return;
			}
			outcome = "HTTP " + status;
		}
		catch (IOException ex) {
			outcome = ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = "interrupted";
		}
		failed(due, outcome);
	}

	/** The logout was received (or cannot be sent any more): journaled when sent. */
	private void settle(Due due, boolean sent) {
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = false,
					  logout_sent_at = CASE WHEN ? THEN CAST(? AS TIMESTAMPTZ) END
					WHERE authorization_id = ?
					""").params(sent, Timestamp.from(this.clock.instant()), due.authorizationId()).update();
			if (sent) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("partner", due.clientId());
				payload.put("reason", due.reason());
				this.journal.record(new JournalRecord(Actor.system(), JournalAction.PARTNER_SIGNED_OUT, due.mandateId(),
						null, null, payload));
			}
		});
	}

	/**
	 * The partner did not take the logout: tried again later, with a doubling delay,
	 * until {@link #MAX_ATTEMPTS}. The log names the partner and the failure, never the
	 * usager.
	 */
	private void failed(Due due, String outcome) {
		int attempts = due.attempts() + 1;
		if (attempts >= MAX_ATTEMPTS) {
			logger.warn("Back-channel logout to partner {} given up after {} attempts: {}", due.clientId(), attempts,
					outcome);
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = false, logout_attempts = ?
					WHERE authorization_id = ?
					""").params(attempts, due.authorizationId()).update();
			return;
		}
		logger.warn("Back-channel logout to partner {} failed ({}), attempt {} of {}, left to retry", due.clientId(),
				outcome, attempts, MAX_ATTEMPTS);
		Instant next = this.clock.instant().plus(FIRST_RETRY.multipliedBy(1L << (attempts - 1)));
		this.jdbc.sql("""
				UPDATE federation_grant SET logout_attempts = ?, logout_next_attempt_at = ?
				WHERE authorization_id = ?
				""").params(attempts, Timestamp.from(next), due.authorizationId()).update();
	}

	private @Nullable URI logoutAddress(String clientId) {
		return this.sites.find(clientId).map(site -> site.settings().backchannelLogoutUri()).orElse(null);
	}

	private record OpenGrant(String authorizationId, String clientId) {
	}

	private record EndedGrant(String clientId, boolean exchanged) {
	}

	private record MandateRef(UUID mandateId, UUID structureId) {
	}

	/** A logout to send: the session the partner holds, as it was told. */
	private record Due(String authorizationId, String clientId, UUID mandateId, UUID aidantId, UUID structureId,
			String subject, @Nullable String sid, String reason, int attempts) {
	}

}
