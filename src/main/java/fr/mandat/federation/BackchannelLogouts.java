package fr.mandat.federation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.federation.PartnerSites.Site;
import fr.mandat.mandate.AutorisationsRevoked;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateRevoked;
import fr.mandat.structure.AidantDeactivated;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StaffMember;
import org.jspecify.annotations.Nullable;

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
 * authorization removed, and the partner sent a signed logout token
 * ({@link LogoutDeliveries}).
 * <p>
 * The listeners run right after the revocation commits, through Spring Modulith's event
 * publication registry: a listener that fails before the grants are ended leaves its
 * publication incomplete, submitted again on the same schedule. A mandate that expires
 * publishes nothing: the open sessions' mandates are checked again every minute.
 */
@Component
class BackchannelLogouts {

	/** How long a failed listener waits before it is submitted again. */
	private static final Duration RESUBMIT_AFTER = Duration.ofSeconds(30);

	private static final int MAX_RESUBMISSIONS = 8;

	private static final int LAPSED_PER_PASS = 500;

	/** Where the check of open sessions' mandates goes on at its next pass. */
	private volatile @Nullable UUID lapsedCursor;

	private final PartnerSites sites;

	private final MandateAuthority authority;

	private final StaffDirectory directory;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final IncompleteEventPublications incomplete;

	private final Clock clock;

	private final LogoutDeliveries deliveries;

	BackchannelLogouts(PartnerSites sites, MandateAuthority authority, StaffDirectory directory, JdbcClient jdbc,
			TransactionTemplate transactions, IncompleteEventPublications incomplete, LogoutDeliveries deliveries,
			Clock clock) {
		this.sites = sites;
		this.authority = authority;
		this.directory = directory;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.incomplete = incomplete;
		this.deliveries = deliveries;
		this.clock = clock;
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(MandateRevoked event) {
		this.deliveries.deliver(endUncovered(event.mandateId(), event.structureId(), "mandate-revoked"));
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(AutorisationsRevoked event) {
		this.deliveries.deliver(endUncovered(event.mandateId(), event.structureId(), "autorisations-revoked"));
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
		this.deliveries.deliver((ended != null) ? ended : List.of());
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
			this.deliveries.deliver(endUncovered(mandate.mandateId(), mandate.structureId(), "mandate-ended"));
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
		if (this.deliveries.logoutAddress(ended.get().clientId()) != null) {
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = true, logout_next_attempt_at = ?
					WHERE authorization_id = ?
					""").params(now, authorizationId).update();
		}
		this.jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(authorizationId).update();
	}

	/**
	 * Submits again the listeners of this class that failed before ending their grants
	 * ({@code AidantDeactivated} ones are, by the structure module's schedule, for every
	 * listener).
	 */
	@Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
	void resubmitFailed() {
		Instant olderThan = this.clock.instant().minus(RESUBMIT_AFTER);
		this.incomplete.resubmitIncompletePublications(publication -> (publication.getEvent() instanceof MandateRevoked
				|| publication.getEvent() instanceof AutorisationsRevoked)
				&& publication.getCompletionAttempts() < MAX_RESUBMISSIONS
				&& publication.getPublicationDate().isBefore(olderThan));
	}

	private record OpenGrant(String authorizationId, String clientId) {
	}

	private record EndedGrant(String clientId, boolean exchanged) {
	}

	private record MandateRef(UUID mandateId, UUID structureId) {
	}

}
