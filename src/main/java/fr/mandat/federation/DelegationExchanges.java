package fr.mandat.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.demarche.DelegationTokens;
import fr.mandat.demarche.PartnerDelegation;
import fr.mandat.federation.PartnerSites.Site;
import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateAuthority.Authorised;
import fr.mandat.mandate.MandateAuthority.Refused;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.HabilitatedAidants;
import fr.mandat.structure.HabilitatedAidants.HabilitatedAidant;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Token exchange for partner back-ends (RFC 8693, ADR 0113): a partner site that signed
 * an aidant in « as » a usager exchanges the access token of that sign-in for a
 * delegation token for one of its own APIs, checked against the mandate at that moment as
 * a démarche is: in one transaction, the aidant share-locked as habilitated in the
 * structure, then the mandate for each of the partner's categories the structure offers
 * (a concurrent revocation waits, or is seen). Each exchange and each refusal is
 * journaled.
 */
class DelegationExchanges {

	private final HabilitatedAidants aidants;

	private final MandateAuthority authority;

	private final DelegationTokens tokens;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	DelegationExchanges(HabilitatedAidants aidants, MandateAuthority authority, DelegationTokens tokens,
			Journal journal, JdbcClient jdbc, TransactionTemplate transactions) {
		this.aidants = aidants;
		this.authority = authority;
		this.tokens = tokens;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** The APIs a site's back-end may ask tokens for: its démarche partner's audience. */
	Optional<String> audienceOf(Site site) {
		return this.tokens.audienceOf(site.settings().pairwisePartner());
	}

	/**
	 * @param authorizationId the sign-in whose access token the partner presents
	 * @param caller the site asking
	 * @param audience the API the token is for ({@code audience} or {@code resource})
	 */
	Outcome exchange(String authorizationId, Site caller, @Nullable String audience) {
		return this.transactions.execute(status -> {
			// Shared lock: a back-channel logout ending this sign-in (BackchannelLogouts)
			// waits for this exchange, or has ended it and the exchange is refused.
			Optional<Grant> found = this.jdbc.sql("""
					SELECT client_id, mandate_id, structure_id, aidant_id, ended_reason FROM federation_grant
					WHERE authorization_id = ? FOR SHARE
					""")
				.param(authorizationId)
				.query((rs, n) -> new Grant(rs.getString("client_id"), rs.getObject("mandate_id", UUID.class),
						rs.getObject("structure_id", UUID.class), rs.getObject("aidant_id", UUID.class),
						rs.getString("ended_reason")))
				.optional();
			if (found.isEmpty()) {
				return new Outcome.Denied("no-choice", Outcome.INVALID_GRANT);
			}
			Grant grant = found.get();
			Actor actor = Actor.aidant(grant.aidantId(), grant.structureId());
			String clientId = caller.client().getClientId();
			if (!grant.clientId().equals(clientId)) {
				return refuse(actor, grant, caller, audience, "token-of-another-client", Outcome.INVALID_GRANT);
			}
			if (grant.endedBecause() != null) {
				// Ended by a revocation, an expiry or a deactivation: its tokens are
				// inactive whatever the mandate says now.
				return refuse(actor, grant, caller, audience, grant.endedBecause(), Outcome.INVALID_GRANT);
			}
			Optional<String> api = audienceOf(caller);
			if (audience == null || api.isEmpty() || !api.get().equals(audience)) {
				return refuse(actor, grant, caller, audience, "unknown-audience", Outcome.INVALID_TARGET);
			}
			Optional<HabilitatedAidant> aidant = this.aidants.lockHabilitatedAidant(grant.aidantId(),
					grant.structureId());
			if (aidant.isEmpty()) {
				return refuse(actor, grant, caller, audience, "aidant-not-habilitated", Outcome.INVALID_GRANT);
			}
			List<String> granted = new ArrayList<>();
			String pseudonym = null;
			String reason = "category-not-covered";
			for (DemarcheCategory category : DemarcheCategory.values()) {
				if (!caller.categories().contains(category)) {
					continue;
				}
				if (!aidant.get().categories().contains(category)) {
					reason = "category-not-offered";
					continue;
				}
				MandateAuthority.Decision decision = this.authority.authorise(grant.mandateId(), grant.structureId(),
						category);
				if (decision instanceof Authorised authorised) {
					granted.add(category.code());
					pseudonym = authorised.usagerPseudonym();
				}
				else if (decision instanceof Refused refused && !"category-not-covered".equals(refused.reason())) {
					reason = refused.reason();
				}
			}
			if (pseudonym == null) {
				return refuse(actor, grant, caller, audience, reason, Outcome.INVALID_GRANT);
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("partner", clientId);
			payload.put("audience", audience);
			payload.put("categories", List.copyOf(granted));
			this.journal.record(new JournalRecord(actor, JournalAction.PARTNER_TOKEN_EXCHANGED, grant.mandateId(),
					pseudonym, null, payload));
			return new Outcome.Granted(this.tokens.mint(new PartnerDelegation(caller.settings().pairwisePartner(),
					pseudonym, grant.aidantId(), aidant.get().siret(), grant.mandateId(), granted)));
		});
	}

	private Outcome refuse(Actor actor, Grant grant, Site caller, @Nullable String audience, String reason,
			String error) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("reason", reason);
		payload.put("partner", caller.client().getClientId());
		if (audience != null) {
			payload.put("audience", audience);
		}
		this.journal.record(new JournalRecord(actor, JournalAction.PARTNER_TOKEN_EXCHANGE_REFUSED, grant.mandateId(),
				null, null, payload));
		return new Outcome.Denied(reason, error);
	}

	/**
	 * @param endedBecause why the sign-in was ended, if it was (BackchannelLogouts)
	 */
	private record Grant(String clientId, UUID mandateId, UUID structureId, UUID aidantId,
			@Nullable String endedBecause) {
	}

	/** The outcome of {@link #exchange}. */
	sealed interface Outcome {

		String INVALID_GRANT = "invalid_grant";

		/** RFC 8693 §2.2.2: no token for that audience or resource. */
		String INVALID_TARGET = "invalid_target";

		/**
		 * @param token the delegation token (compact JWS)
		 */
		record Granted(String token) implements Outcome {
		}

		/**
		 * @param reason a stable code, as journaled
		 * @param error the OAuth error code answered
		 */
		record Denied(String reason, String error) implements Outcome {
		}

	}

}
