package fr.mandat.demarche;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateAuthority.Authorised;
import fr.mandat.mandate.MandateAuthority.Decision;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.structure.StructureCategories;

/**
 * Carries out a démarche for a usager: checks, in one transaction with the mandate
 * share-locked, that the aidant is habilitated in the structure, that the structure
 * offers the category and that the mandate covers it now; journals the request in that
 * same transaction; then calls the partner and journals its answer. An execution whose
 * answer is unknown (or that a crash interrupted) is settled later by
 * {@link Reconciliation} with the same idempotency key: it is never submitted twice.
 */
@Service
public class DemarcheExecutions {

	private static final Logger logger = LoggerFactory.getLogger(DemarcheExecutions.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An interrupted execution (no answer recorded) is reconciled after this delay. */
	static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(2);

	/** The first reconciliation of an unknown outcome. */
	static final Duration FIRST_RECONCILIATION = Duration.ofSeconds(30);

	private final DemarcheCatalogue catalogue;

	private final DemarcheInputBinder binder;

	private final PartnerClient partners;

	private final MandateAuthority mandates;

	private final StructureCategories structureCategories;

	private final PersonalDataProtection personalData;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	DemarcheExecutions(DemarcheCatalogue catalogue, DemarcheInputBinder binder, PartnerClient partners,
			MandateAuthority mandates, StructureCategories structureCategories, PersonalDataProtection personalData,
			Journal journal, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.catalogue = catalogue;
		this.binder = binder;
		this.partners = partners;
		this.mandates = mandates;
		this.structureCategories = structureCategories;
		this.personalData = personalData;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Carries out the démarche now, or says why not. Every ending is journaled.
	 * @param values what the aidant typed, by field name
	 */
	public Result execute(UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche,
			Map<String, String> values) {
		Actor actor = Actor.aidant(aidantId, structureId);
		InputBinding binding = this.binder.bind(demarche, values);
		if (binding instanceof InputBinding.Invalid invalid) {
			this.transactions.executeWithoutResult(status -> journalRefusal(actor, mandateId, demarche, "invalid-input",
					Map.of("fields", List.copyOf(invalid.errors().keySet()))));
			return new Result.Invalid(invalid.errors());
		}
		Record input = ((InputBinding.Valid) binding).input();
		UUID executionId = UUID.randomUUID();
		Started started = this.transactions
			.execute(status -> start(actor, aidantId, structureId, mandateId, demarche, input, executionId));
		if (started.refusal() != null) {
			return started.refusal();
		}
		DelegationRequest request = new DelegationRequest(demarche.id(), started.usagerPseudonym(), aidantId,
				started.siret(), mandateId, executionId);
		PartnerOutcome outcome = this.partners.submit(request, input);
		return record(executionId, actor, mandateId, started.usagerPseudonym(), demarche, outcome, 0);
	}

	private Started start(Actor actor, UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche, Record input,
			UUID executionId) {
		// The aidant, share-locked: a deactivation committed before is seen, one in
		// progress waits for this transaction.
		boolean habilitated = !this.jdbc.sql("""
				SELECT a.id FROM aidant a JOIN membership m ON m.aidant_id = a.id
				  AND m.structure_id = ? AND m.role = 'AIDANT'
				WHERE a.id = ? AND a.state = 'HABILITATED' FOR SHARE OF a
				""").params(structureId, aidantId).query(UUID.class).list().isEmpty();
		if (!habilitated) {
			return Started.refused(refuseInTransaction(actor, mandateId, demarche, "aidant-not-habilitated", Map.of(),
					"Votre habilitation dans cette structure n'est plus active : la démarche n'a pas été faite."));
		}
		if (!this.structureCategories.allowed(structureId).contains(demarche.category())) {
			return Started.refused(refuseInTransaction(actor, mandateId, demarche, "category-not-offered", Map.of(),
					"Votre structure ne propose pas les démarches « " + demarche.category().label() + " »."));
		}
		Decision decision = this.mandates.authorise(mandateId, structureId, demarche.category());
		if (decision instanceof MandateAuthority.Refused refused) {
			return Started.refused(
					refuseInTransaction(actor, mandateId, demarche, refused.reason(), Map.of(), refused.message()));
		}
		Authorised authorised = (Authorised) decision;
		String siret = this.jdbc.sql("SELECT COALESCE(siret, '') FROM structure WHERE id = ?")
			.param(structureId)
			.query(String.class)
			.single();
		Instant now = this.clock.instant();
		byte[] sealed = this.personalData.encrypt(JSON.writeValueAsBytes(input),
				executionId.toString().getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("""
				INSERT INTO demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
				  input, status, requested_at, next_reconcile_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?)
				""")
			.params(executionId, demarche.id(), demarche.partnerId(), mandateId, authorised.usagerId(), aidantId,
					structureId, sealed, Timestamp.from(now), Timestamp.from(now.plus(INTERRUPTED_AFTER)))
			.update();
		this.journal
			.record(new JournalRecord(actor, JournalAction.DEMARCHE_REQUESTED, mandateId, authorised.usagerPseudonym(),
					demarche.id(), Map.of("execution", executionId.toString(), "partner", demarche.partnerId())));
		return new Started(null, authorised.usagerPseudonym(), siret);
	}

	/** Records the partner's answer (or its absence) and what the aidant is told. */
	Result record(UUID executionId, Actor actor, UUID mandateId, String usagerPseudonym, Demarche demarche,
			PartnerOutcome outcome, int reconcileAttempts) {
		Instant now = this.clock.instant();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("execution", executionId.toString());
		payload.put("partner", demarche.partnerId());
		JournalAction action;
		String status;
		@Nullable String reference = null;
		@Nullable String partnerStatus = null;
		@Nullable String digest = null;
		@Nullable Instant next = null;
		if (outcome instanceof PartnerOutcome.Accepted accepted) {
			action = JournalAction.DEMARCHE_COMPLETED;
			status = "ACCEPTED";
			reference = accepted.reference();
			partnerStatus = accepted.status();
			digest = accepted.responseDigest();
			payload.put("reference", reference);
			payload.put("status", partnerStatus);
			payload.put("responseDigest", digest);
		}
		else if (outcome instanceof PartnerOutcome.Refused refused) {
			action = JournalAction.DEMARCHE_FAILED;
			status = "REFUSED";
			digest = refused.responseDigest();
			payload.put("outcome", "refused");
			payload.put("httpStatus", refused.httpStatus());
			payload.put("responseDigest", digest);
		}
		else if (outcome instanceof PartnerOutcome.NotSent notSent) {
			// Not received; after an earlier unknown ending it still may have been.
			action = (reconcileAttempts > 0) ? JournalAction.DEMARCHE_OUTCOME_UNKNOWN : JournalAction.DEMARCHE_FAILED;
			status = (reconcileAttempts > 0) ? "UNKNOWN" : "NOT_SENT";
			payload.put("outcome", "not-sent");
			payload.put("reason", notSent.reason());
			next = (reconcileAttempts > 0) ? now.plus(backoff(reconcileAttempts)) : null;
		}
		else {
			action = JournalAction.DEMARCHE_OUTCOME_UNKNOWN;
			status = "UNKNOWN";
			payload.put("reason", ((PartnerOutcome.Unknown) outcome).reason());
			next = now.plus((reconcileAttempts == 0) ? FIRST_RECONCILIATION : backoff(reconcileAttempts));
		}
		if (reconcileAttempts > 0) {
			payload.put("reconciliation", reconcileAttempts);
		}
		boolean settled = status.equals("ACCEPTED") || status.equals("REFUSED") || status.equals("NOT_SENT");
		String finalStatus = status;
		String partnerReference = reference;
		String partnerWord = partnerStatus;
		String responseDigest = digest;
		Instant nextReconciliation = next;
		this.transactions.executeWithoutResult(tx -> {
			int updated = this.jdbc
				.sql("""
						UPDATE demarche_execution SET status = ?, completed_at = ?, partner_reference = ?, partner_status = ?,
						  response_digest = ?, message = ?, next_reconcile_at = ?
						WHERE id = ? AND status IN ('REQUESTED', 'UNKNOWN')
						""")
				.params(finalStatus, settled ? Timestamp.from(now) : null, partnerReference, partnerWord,
						responseDigest, truncate(outcome.message()),
						(nextReconciliation != null) ? Timestamp.from(nextReconciliation) : null, executionId)
				.update();
			if (updated == 1) {
				this.journal
					.record(new JournalRecord(actor, action, mandateId, usagerPseudonym, demarche.id(), payload));
			}
		});
		// PartnerClient logs each attempt; this only adds the status recorded.
		logger.debug("Démarche {} at {}: {}", demarche.id(), demarche.partnerId(), finalStatus);
		return new Result.Done(executionId, finalStatus, outcome.message(), partnerReference);
	}

	private Result.Refused refuseInTransaction(Actor actor, UUID mandateId, Demarche demarche, String reason,
			Map<String, Object> details, String message) {
		journalRefusal(actor, mandateId, demarche, reason, details);
		return new Result.Refused(reason, message);
	}

	private void journalRefusal(Actor actor, UUID mandateId, Demarche demarche, String reason,
			Map<String, Object> details) {
		Map<String, Object> payload = new LinkedHashMap<>(details);
		payload.put("reason", reason);
		payload.put("mandate", mandateId.toString());
		this.journal
			.record(new JournalRecord(actor, JournalAction.DEMARCHE_REFUSED, null, null, demarche.id(), payload));
	}

	static Duration backoff(int attempts) {
		long seconds = Math.min(3600, 30L << Math.min(attempts, 7));
		return Duration.ofSeconds(seconds);
	}

	private static String truncate(String message) {
		return (message.length() > 1000) ? message.substring(0, 1000) : message;
	}

	/** Reads back the input of an execution, to reconcile it. */
	Record input(UUID executionId, Demarche demarche, byte[] sealed) {
		byte[] json = this.personalData.decrypt(sealed, executionId.toString().getBytes(StandardCharsets.UTF_8));
		return JSON.readValue(json, demarche.inputType());
	}

	private record Started(Result.@Nullable Refused refusal, String usagerPseudonym, String siret) {

		static Started refused(Result.Refused refusal) {
			return new Started(refusal, "", "");
		}

	}

	/** How an execution ended for the aidant. */
	public sealed interface Result {

		/** What the aidant typed is not valid: a French message per field. */
		record Invalid(Map<String, String> errors) implements Result {
		}

		/**
		 * Mandat refused before calling the partner (and journaled why).
		 *
		 * @param reason a stable code
		 * @param message in French
		 */
		record Refused(String reason, String message) implements Result {
		}

		/**
		 * The partner was called.
		 *
		 * @param status ACCEPTED, REFUSED, NOT_SENT or UNKNOWN
		 * @param message in French
		 */
		record Done(UUID executionId, String status, String message, @Nullable String reference) implements Result {
		}

	}

}
