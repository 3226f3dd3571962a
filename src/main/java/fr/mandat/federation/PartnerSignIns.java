package fr.mandat.federation;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.demarche.DelegationTokens;
import fr.mandat.federation.PartnerSites.Site;
import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateAuthority.Authorised;
import fr.mandat.mandate.MandateAuthority.Refused;
import fr.mandat.mandate.MandateSummaries;
import fr.mandat.mandate.MandateSummaries.Lookup;
import fr.mandat.mandate.MandateSummaries.OtherStructure;
import fr.mandat.mandate.MandateSummaries.Summary;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.Role;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.structure.StaffMember;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The aidant's sign-in at a partner site « as » a usager: the usagers they may choose,
 * the choice checked and kept for the authorization, and the check made again when the
 * partner exchanges its code. Every refusal is journaled; so is each sign-in given.
 */
class PartnerSignIns {

	/** The most usagers offered on the choice page. */
	static final int MAX_CHOICES = 500;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final MandateSummaries summaries;

	private final MandateAuthority authority;

	private final DelegationTokens delegationTokens;

	private final StaffDirectory directory;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final PartnerStatuses statuses;

	PartnerSignIns(MandateSummaries summaries, MandateAuthority authority, DelegationTokens delegationTokens,
			StaffDirectory directory, Journal journal, JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
			PartnerStatuses statuses) {
		this.statuses = statuses;
		this.summaries = summaries;
		this.authority = authority;
		this.delegationTokens = delegationTokens;
		this.directory = directory;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * The usagers of the aidant's current structure whose mandate, active now, covers one
	 * of the site's categories.
	 */
	List<Summary> choices(AidantAtWork aidant, Site site) {
		return this.summaries.activeCovering(aidant.structure().id(), site.categories(), MAX_CHOICES);
	}

	/**
	 * The aidant's choice for an authorization in progress: kept when the mandate is one
	 * of their current structure, active and covering one of the site's categories;
	 * refused (and journaled) otherwise.
	 */
	Optional<Refusal> choose(String authorizationId, Site site, AidantAtWork aidant, AidantSignIn signIn,
			String mandateParameter) {
		Optional<UUID> mandateId = uuid(mandateParameter);
		@Nullable Refusal refusal = null;
		if (mandateId.isEmpty()) {
			refusal = new Refusal("no-mandate", "Aucun usager n’a été choisi : la connexion n’a pas été faite.");
		}
		else {
			Lookup lookup = this.summaries.find(mandateId.get(), aidant.structure().id());
			if (lookup instanceof OtherStructure) {
				refusal = new Refusal("mandate-of-another-structure",
						"Ce mandat a été signé avec une autre structure : vous ne pouvez pas vous connecter pour cet usager.");
			}
			else if (!(lookup instanceof Summary summary)) {
				refusal = new Refusal("no-mandate", "Aucun mandat ne correspond : la connexion n’a pas été faite.");
			}
			else if (!summary.active()) {
				refusal = new Refusal("mandate-not-active",
						"Ce mandat n’est plus actif : la connexion n’a pas été faite.");
			}
			else if (summary.coveredNow().stream().noneMatch(site.categories()::contains)) {
				refusal = new Refusal("category-not-covered", "Ce mandat ne couvre aucune des démarches de « "
						+ site.name() + " » : la connexion n’a pas été faite.");
			}
		}
		Refusal refused = refusal;
		this.transactions.executeWithoutResult(status -> {
			if (refused != null) {
				journalRefusal(aidant.actor(), mandateId.orElse(null), site, refused.reason());
				return;
			}
			this.jdbc.sql("""
					INSERT INTO federation_grant (authorization_id, client_id, mandate_id, structure_id, aidant_id,
					  chosen_at, sid, aidant_acr, aidant_auth_time)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (authorization_id) DO UPDATE SET mandate_id = EXCLUDED.mandate_id,
					  structure_id = EXCLUDED.structure_id, aidant_id = EXCLUDED.aidant_id,
					  chosen_at = EXCLUDED.chosen_at, sid = EXCLUDED.sid, aidant_acr = EXCLUDED.aidant_acr,
					  aidant_auth_time = EXCLUDED.aidant_auth_time
					WHERE federation_grant.ended_at IS NULL
					""")
				.params(Arrays.asList(authorizationId, site.client().getClientId(), mandateId.orElseThrow(),
						aidant.structure().id(), aidant.member().aidantId(), Timestamp.from(this.clock.instant()),
						newSessionId(), signIn.acr(),
						(signIn.authTime() != null) ? Timestamp.from(signIn.authTime()) : null))
				.update();
		});
		return Optional.ofNullable(refused);
	}

	/**
	 * When the partner exchanges its code: the claims naming the usager and the aidant if
	 * the aidant is still an active aidant of the structure and the mandate, read now and
	 * locked until the end of this check, still covers one of the site's categories.
	 */
	Exchange exchange(String authorizationId, Site site, String aidantSubject) {
		return check(authorizationId, site, aidantSubject, true);
	}

	/**
	 * Whether what the partner was told still holds now (introspection): the same checks
	 * as at code exchange, journaling nothing.
	 */
	Exchange stillHolds(String authorizationId, Site site, String aidantSubject) {
		return check(authorizationId, site, aidantSubject, false);
	}

	private Exchange check(String authorizationId, Site site, String aidantSubject, boolean journaled) {
		return this.transactions.execute(status -> {
			// At code exchange the grant is locked first: a back-channel logout ending it
			// (BackchannelLogouts) either waits and then sees the subject given here, or
			// has ended it and this exchange is refused.
			Optional<Grant> found = this.jdbc.sql("""
					SELECT mandate_id, structure_id, aidant_id, sid, ended_reason, aidant_acr, aidant_auth_time
					FROM federation_grant
					WHERE authorization_id = ? AND client_id = ?
					""" + (journaled ? " FOR UPDATE" : ""))
				.params(authorizationId, site.client().getClientId())
				.query((rs, n) -> new Grant(rs.getObject("mandate_id", UUID.class),
						rs.getObject("structure_id", UUID.class), rs.getObject("aidant_id", UUID.class),
						rs.getString("sid"), rs.getString("ended_reason"),
						new AidantSignIn(rs.getString("aidant_acr"),
								(rs.getTimestamp("aidant_auth_time") != null)
										? rs.getTimestamp("aidant_auth_time").toInstant() : null)))
				.optional();
			if (found.isEmpty()) {
				return new Exchange.Denied("no-choice");
			}
			Grant grant = found.get();
			Actor actor = Actor.aidant(grant.aidantId(), grant.structureId());
			if (grant.endedBecause() != null) {
				// Ended by a revocation or a deactivation (BackchannelLogouts).
				if (journaled) {
					journalRefusal(actor, grant.mandateId(), site, grant.endedBecause());
				}
				return new Exchange.Denied(grant.endedBecause());
			}
			if (!this.statuses.enabled(site.client().getClientId())) {
				return new Exchange.Denied("partner-disabled");
			}
			Optional<StaffMember> aidant = this.directory.findBySubject(aidantSubject)
				.filter(StaffMember::mayUseApplication)
				.filter(member -> member.aidantId().equals(grant.aidantId()))
				.filter(member -> member.rolesIn(grant.structureId()).contains(Role.AIDANT));
			if (aidant.isEmpty()) {
				if (journaled) {
					journalRefusal(actor, grant.mandateId(), site, "aidant-not-habilitated");
				}
				return new Exchange.Denied("aidant-not-habilitated");
			}
			List<DemarcheCategory> granted = new ArrayList<>();
			String pseudonym = null;
			String reason = "category-not-covered";
			for (DemarcheCategory category : DemarcheCategory.values()) {
				if (!site.categories().contains(category)) {
					continue;
				}
				MandateAuthority.Decision decision = this.authority.authorise(grant.mandateId(), grant.structureId(),
						category);
				if (decision instanceof Authorised authorised) {
					granted.add(category);
					pseudonym = authorised.usagerPseudonym();
				}
				else if (decision instanceof Refused refused && !"category-not-covered".equals(refused.reason())) {
					reason = refused.reason();
				}
			}
			if (pseudonym == null) {
				if (journaled) {
					journalRefusal(actor, grant.mandateId(), site, reason);
				}
				return new Exchange.Denied(reason);
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("partner", site.client().getClientId());
			payload.put("categories", granted.stream().map(DemarcheCategory::code).toList());
			String subject = this.delegationTokens.pairwiseSubject(site.settings().pairwisePartner(), pseudonym);
			if (journaled) {
				this.journal.record(new JournalRecord(actor, JournalAction.PARTNER_SIGN_IN, grant.mandateId(),
						pseudonym, null, payload));
				// What a back-channel logout will name.
				this.jdbc.sql("UPDATE federation_grant SET subject = ? WHERE authorization_id = ?")
					.params(subject, authorizationId)
					.update();
			}
			return new Exchange.Granted(subject, grant.aidantId(), grant.structureId(), grant.mandateId(),
					List.copyOf(granted), grant.sid(), grant.signIn());
		});
	}

	private void journalRefusal(Actor actor, @Nullable UUID mandateId, Site site, String reason) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("reason", reason);
		payload.put("partner", site.client().getClientId());
		this.journal
			.record(new JournalRecord(actor, JournalAction.PARTNER_SIGN_IN_REFUSED, mandateId, null, null, payload));
	}

	private static Optional<UUID> uuid(String value) {
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A random session id ({@code sid}) shared by the ID token and the logout token. */
	private static String newSessionId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * @param endedBecause why the grant was ended, if it was (BackchannelLogouts)
	 */
	private record Grant(UUID mandateId, UUID structureId, UUID aidantId, @Nullable String sid,
			@Nullable String endedBecause, AidantSignIn signIn) {
	}

	/**
	 * How the aidant signed in to Mandat when they chose the usager: the partner's ID
	 * token says it ({@code acr}, {@code auth_time}).
	 */
	record AidantSignIn(@Nullable String acr, @Nullable Instant authTime) {
	}

	/** Why the aidant's choice was refused: a stable code and what the aidant reads. */
	record Refusal(String reason, String message) {
	}

	/** The outcome of {@link #exchange}. */
	sealed interface Exchange {

		/**
		 * @param subject the usager's pairwise identifier for the partner
		 * @param categories the categories the mandate covers now among the site's
		 * @param sid the session id the ID token and a back-channel logout carry
		 */
		record Granted(String subject, UUID aidantId, UUID structureId, UUID mandateId,
				List<DemarcheCategory> categories, @Nullable String sid, AidantSignIn signIn) implements Exchange {

			/** {@code act} (RFC 8693 §4.1): the aidant and the structure they act for. */
			Map<String, Object> actor() {
				Map<String, Object> actor = new LinkedHashMap<>();
				actor.put("sub", this.aidantId.toString());
				actor.put("structure", this.structureId.toString());
				return actor;
			}

			/**
			 * {@code authorization_details} (RFC 9396): the categories granted. Mutable
			 * lists and maps: the server stores claims as JSON read back through an
			 * allow-list of types.
			 */
			List<Object> authorizationDetails() {
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("type", "mandat");
				details.put("categories",
						new ArrayList<>(this.categories.stream().map(DemarcheCategory::code).toList()));
				List<Object> all = new ArrayList<>();
				all.add(details);
				return all;
			}

		}

		record Denied(String reason) implements Exchange {
		}

	}

}
