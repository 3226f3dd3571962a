package fr.mandat.demarche;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import fr.mandat.journal.JournalRecord.Actor;

/**
 * Settles executions whose partner answer is unknown (timeout, reset, server error) or
 * was never recorded (a crash between request and answer). It first asks the partner what
 * it recorded for the execution's idempotency key ({@link PartnerClient#lookup}, never a
 * submission):
 * <ul>
 * <li>recorded: the partner's answer settles the execution;</li>
 * <li>never received, for a démarche that must not be sent twice: closed as not sent, the
 * aidant may do it again;</li>
 * <li>never received, for an idempotent démarche: this is a first delivery, so Mandat's
 * checks (aidant habilitated in the structure, category offered, mandate active and
 * covering it) are made again at this moment, exactly as for a live execution; refused,
 * the execution is closed as denied and the refusal journaled; allowed, it is delivered
 * once with the same key.</li>
 * </ul>
 * <p>
 * Safe with several instances: each execution is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease ({@code next_reconcile_at} pushed forward)
 * before the partner is called, so two instances never ask about the same one at once.
 */
@Component
class Reconciliation {

	private static final Logger logger = LoggerFactory.getLogger(Reconciliation.class);

	/** How long a claimed execution is left to the instance that claimed it. */
	static final Duration LEASE = Duration.ofMinutes(2);

	static final int BATCH = 20;

	/** After this many attempts the execution is left for a person to look at. */
	static final int MAX_ATTEMPTS = 20;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DemarcheExecutions executions;

	private final PartnerClient partners;

	private final DemarcheCatalogue catalogue;

	private final Clock clock;

	Reconciliation(JdbcClient jdbc, TransactionTemplate transactions, DemarcheExecutions executions,
			PartnerClient partners, DemarcheCatalogue catalogue, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.executions = executions;
		this.partners = partners;
		this.catalogue = catalogue;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${mandat.demarche.reconcile-every:15s}", initialDelayString = "10s")
	void scheduled() {
		try {
			reconcileDue();
		}
		catch (RuntimeException ex) {
			logger.warn("Reconciliation of démarches failed, will run again: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * @return how many executions were asked about
	 */
	int reconcileDue() {
		List<Claimed> claimed = claim();
		for (Claimed execution : claimed) {
			Optional<Demarche> demarche = this.catalogue.demarche(execution.demarche());
			if (demarche.isEmpty()) {
				logger.warn("Execution {} names a démarche no longer in the catalogue", execution.id());
				continue;
			}
			reconcile(execution, demarche.get());
		}
		return claimed.size();
	}

	private void reconcile(Claimed execution, Demarche demarche) {
		Actor actor = Actor.aidant(execution.aidantId(), execution.structureId());
		DelegationRequest request = new DelegationRequest(execution.demarche(), execution.usagerPseudonym(),
				execution.aidantId(), execution.siret(), execution.mandateId(), execution.id());
		PartnerClient.Lookup lookup = this.partners.lookup(request);
		PartnerOutcome outcome;
		if (lookup instanceof PartnerClient.Lookup.Recorded recorded) {
			outcome = recorded.outcome();
		}
		else if (lookup instanceof PartnerClient.Lookup.Unavailable unavailable) {
			outcome = new PartnerOutcome.Unknown(unavailable.reason(), PartnerAnswers.NOT_ANSWERING);
		}
		else if (!demarche.idempotent()) {
			this.executions.notReceived(execution.id(), actor, execution.mandateId(), execution.usagerPseudonym(),
					demarche);
			return;
		}
		else {
			DemarcheExecutions.Authority authority = this.transactions
				.execute(status -> this.executions.checkAuthority(actor, execution.aidantId(), execution.structureId(),
						execution.mandateId(), demarche, execution.id()));
			if (authority instanceof DemarcheExecutions.Authority.Denied denied) {
				this.executions.deny(execution.id(), denied.refusal());
				return;
			}
			Record input = this.executions.input(execution.id(), demarche, execution.input());
			outcome = this.partners.deliverOnce(request, input);
		}
		this.executions.record(execution.id(), actor, execution.mandateId(), execution.usagerPseudonym(), demarche,
				outcome, execution.attempts());
	}

	private List<Claimed> claim() {
		Instant now = this.clock.instant();
		return this.transactions.execute(status -> this.jdbc.sql("""
				UPDATE demarche_execution e SET next_reconcile_at = ?, reconcile_attempts = e.reconcile_attempts + 1
				WHERE e.id IN (
				  SELECT id FROM demarche_execution
				  WHERE status IN ('REQUESTED', 'UNKNOWN') AND next_reconcile_at <= ? AND reconcile_attempts < ?
				  ORDER BY next_reconcile_at LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING e.id, e.demarche, e.mandate_id, e.aidant_id, e.structure_id, e.input, e.reconcile_attempts,
				  e.usager_pseudonym, e.structure_siret
				""")
			.params(Timestamp.from(now.plus(LEASE)), Timestamp.from(now), MAX_ATTEMPTS, BATCH)
			.query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("demarche"),
					rs.getObject("mandate_id", UUID.class), rs.getObject("aidant_id", UUID.class),
					rs.getObject("structure_id", UUID.class), rs.getBytes("input"), rs.getInt("reconcile_attempts"),
					rs.getString("usager_pseudonym"), rs.getString("structure_siret")))
			.list());
	}

	private record Claimed(UUID id, String demarche, UUID mandateId, UUID aidantId, UUID structureId, byte[] input,
			int attempts, String usagerPseudonym, String siret) {
	}

}
