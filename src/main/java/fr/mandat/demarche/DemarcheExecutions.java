package fr.mandat.demarche;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import fr.mandat.structure.HabilitatedAidants;
import fr.mandat.structure.HabilitatedAidants.HabilitatedAidant;

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

	/** Within this window, the same démarche with the same input is a repeat. */
	static final Duration REPEAT_WINDOW = Duration.ofMinutes(10);

	static final String IN_PROGRESS = "La démarche est en cours d’envoi au partenaire. Actualisez la page dans quelques secondes.";

	static final String NOT_RECEIVED = "Le partenaire n'a jamais reçu cette démarche : elle n'a pas été faite. Vous pouvez la refaire.";

	/** The first reconciliation of an unknown outcome. */
	static final Duration FIRST_RECONCILIATION = Duration.ofSeconds(30);

	private final DemarcheCatalogue catalogue;

	private final DemarcheInputBinder binder;

	private final PartnerClient partners;

	private final MandateAuthority mandates;

	private final HabilitatedAidants aidants;

	private final PersonalDataProtection personalData;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	DemarcheExecutions(DemarcheCatalogue catalogue, DemarcheInputBinder binder, PartnerClient partners,
			MandateAuthority mandates, HabilitatedAidants aidants, PersonalDataProtection personalData, Journal journal,
			JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.catalogue = catalogue;
		this.binder = binder;
		this.partners = partners;
		this.mandates = mandates;
		this.aidants = aidants;
		this.personalData = personalData;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Carries out the démarche now, or says why not. Every ending is journaled.
	 * @param key the idempotency key of this submission (minted when the form was shown,
	 * or given by an API client): a second submission with the same key is not carried
	 * out again, it is answered with {@link Result.Existing}
	 * @param values what the aidant typed, by field name
	 * @param sameInputIsRepeat whether the same démarche with the same input, sent by the
	 * same aidant for the same mandate a few minutes earlier, is a repeat (pages: a
	 * person at a counter does not send the same tax-notice request twice in ten minutes)
	 * rather than a new démarche
	 */
	public Result execute(UUID key, UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche,
			Map<String, String> values, boolean sameInputIsRepeat) {
		Actor actor = Actor.aidant(aidantId, structureId);
		Optional<Result.Existing> existing = existing(key, aidantId);
		if (existing.isPresent()) {
			return existing.get();
		}
		InputBinding binding = this.binder.bind(demarche, values);
		if (binding instanceof InputBinding.Invalid invalid) {
			this.transactions.executeWithoutResult(status -> journalRefusal(actor, mandateId, demarche, "invalid-input",
					Map.of("fields", List.copyOf(invalid.errors().keySet()))));
			return new Result.Invalid(invalid.errors());
		}
		Record input = ((InputBinding.Valid) binding).input();
		Submission submission = new Submission(key, aidantId, structureId, mandateId, demarche,
				inputDigest(demarche, input), sameInputIsRepeat);
		Started started = this.transactions.execute(status -> start(actor, submission, input));
		if (started.outcome() != null) {
			return started.outcome();
		}
		DelegationRequest request = new DelegationRequest(demarche.id(), started.usagerPseudonym(), aidantId,
				started.siret(), mandateId, key);
		PartnerOutcome outcome = this.partners.submit(request, input,
				() -> Boolean.TRUE.equals(this.transactions.execute(status -> checkAuthority(actor, aidantId,
						structureId, mandateId, demarche, key) instanceof Authority.Granted)));
		return record(key, actor, mandateId, started.usagerPseudonym(), demarche, outcome, 0);
	}

	/**
	 * Checks what the aidant typed without sending anything (before asking for a
	 * confirmation of identity); invalid input is journaled as a refusal, as in
	 * {@link #execute}.
	 * @return a French message per invalid field, empty if the input is valid
	 */
	public Map<String, String> validate(UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche,
			Map<String, String> values) {
		if (this.binder.bind(demarche, values) instanceof InputBinding.Invalid invalid) {
			this.transactions.executeWithoutResult(status -> journalRefusal(Actor.aidant(aidantId, structureId),
					mandateId, demarche, "invalid-input", Map.of("fields", List.copyOf(invalid.errors().keySet()))));
			return invalid.errors();
		}
		return Map.of();
	}

	/**
	 * Checks, before asking for a confirmation of identity, that the démarche would be
	 * allowed at this moment (habilitation, the structure's categories, the mandate); a
	 * refusal is journaled as in {@link #execute}, which checks everything again.
	 * @return the refusal, empty if the démarche is allowed now
	 */
	public Optional<Result.Refused> refusalBeforeConfirmation(UUID aidantId, UUID structureId, UUID mandateId,
			Demarche demarche) {
		Actor actor = Actor.aidant(aidantId, structureId);
		Authority authority = this.transactions
			.execute(status -> checkAuthority(actor, aidantId, structureId, mandateId, demarche, null));
		return (authority instanceof Authority.Denied denied) ? Optional.of(denied.refusal()) : Optional.empty();
	}

	/**
	 * Journals a démarche refused because the caller did not confirm their identity for
	 * it (API tokens without a fresh one-time code).
	 */
	public void refuseUnconfirmed(UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche, String problem) {
		this.transactions.executeWithoutResult(status -> journalRefusal(Actor.aidant(aidantId, structureId), mandateId,
				demarche, "step-up-required", Map.of("stepUp", problem)));
	}

	/** A submission already made with this key by this aidant. */
	private Optional<Result.Existing> existing(UUID key, UUID aidantId) {
		return this.jdbc.sql("SELECT aidant_id FROM demarche_submission WHERE key = ?")
			.param(key)
			.query(UUID.class)
			.optional()
			.map(owner -> new Result.Existing(key, owner.equals(aidantId)));
	}

	private Started start(Actor actor, Submission submission, Record input) {
		Instant now = this.clock.instant();
		// Two requests with the same key (a double-click): the second waits here for the
		// first to commit, then finds its submission.
		int inserted = this.jdbc.sql("""
				INSERT INTO demarche_submission (key, aidant_id, structure_id, mandate_id, demarche, input_digest,
				  submitted_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
				""")
			.params(submission.key(), submission.aidantId(), submission.structureId(), submission.mandateId(),
					submission.demarche().id(), submission.inputDigest(), Timestamp.from(now))
			.update();
		if (inserted == 0) {
			return Started.ended(existing(submission.key(), submission.aidantId()).orElseThrow());
		}
		Authority authority = checkAuthority(actor, submission.aidantId(), submission.structureId(),
				submission.mandateId(), submission.demarche(), null);
		if (authority instanceof Authority.Denied denied) {
			this.jdbc.sql("UPDATE demarche_submission SET refusal_reason = ?, refusal_message = ? WHERE key = ?")
				.params(denied.refusal().reason(), truncate(denied.refusal().message(), 500), submission.key())
				.update();
			return Started.ended(denied.refusal());
		}
		if (submission.sameInputIsRepeat()) {
			Optional<UUID> earlier = this.jdbc.sql("""
					SELECT s.key FROM demarche_submission s JOIN demarche_execution e ON e.id = s.key
					WHERE s.aidant_id = ? AND s.mandate_id = ? AND s.demarche = ? AND s.input_digest = ?
					  AND s.submitted_at > ? AND s.key <> ? AND e.status IN ('REQUESTED', 'UNKNOWN', 'ACCEPTED')
					ORDER BY s.submitted_at DESC LIMIT 1
					""")
				.params(submission.aidantId(), submission.mandateId(), submission.demarche().id(),
						submission.inputDigest(), Timestamp.from(now.minus(REPEAT_WINDOW)), submission.key())
				.query(UUID.class)
				.optional();
			if (earlier.isPresent()) {
				this.jdbc.sql("UPDATE demarche_submission SET same_as = ? WHERE key = ?")
					.params(earlier.get(), submission.key())
					.update();
				return Started.ended(new Result.Existing(submission.key(), true));
			}
		}
		Authority.Granted granted = (Authority.Granted) authority;
		UUID executionId = submission.key();
		Demarche demarche = submission.demarche();
		byte[] sealed = this.personalData.encrypt(JSON.writeValueAsBytes(input),
				executionId.toString().getBytes(StandardCharsets.UTF_8));
		this.jdbc.sql("""
				INSERT INTO demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
				  input, status, requested_at, next_reconcile_at, usager_pseudonym, structure_siret)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?)
				""")
			.params(executionId, demarche.id(), demarche.partnerId(), submission.mandateId(), granted.usagerId(),
					submission.aidantId(), submission.structureId(), sealed, Timestamp.from(now),
					Timestamp.from(now.plus(INTERRUPTED_AFTER)), granted.usagerPseudonym(), granted.siret())
			.update();
		this.journal.record(new JournalRecord(actor, JournalAction.DEMARCHE_REQUESTED, submission.mandateId(),
				granted.usagerPseudonym(), demarche.id(),
				Map.of("execution", executionId.toString(), "partner", demarche.partnerId())));
		return new Started(null, granted.usagerPseudonym(), granted.siret());
	}

	/**
	 * Everything a delivery to the partner needs at this moment, in the caller's
	 * transaction: the aidant habilitated in the structure and the structure offering the
	 * category (the structure module's answer, aidant and membership share-locked), the
	 * mandate active and covering it (the mandate module's answer, mandate and
	 * autorisation share-locked). A refusal is journaled here. Used before a live
	 * execution and before any delivery by the reconciliation job.
	 */
	Authority checkAuthority(Actor actor, UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche,
			@Nullable UUID executionId) {
		Map<String, Object> details = (executionId != null) ? Map.of("execution", executionId.toString()) : Map.of();
		Optional<HabilitatedAidant> aidant = this.aidants.lockHabilitatedAidant(aidantId, structureId);
		if (aidant.isEmpty()) {
			return new Authority.Denied(refuseInTransaction(actor, mandateId, demarche, "aidant-not-habilitated",
					Map.of(),
					"Votre habilitation dans cette structure n'est plus active : la démarche n'a pas été faite."));
		}
		if (!aidant.get().categories().contains(demarche.category())) {
			return new Authority.Denied(refuseInTransaction(actor, mandateId, demarche, "category-not-offered", details,
					"Votre structure ne propose pas les démarches « " + demarche.category().label() + " »."));
		}
		Decision decision = this.mandates.authorise(mandateId, structureId, demarche.category());
		if (decision instanceof MandateAuthority.Refused refused) {
			return new Authority.Denied(
					refuseInTransaction(actor, mandateId, demarche, refused.reason(), details, refused.message()));
		}
		Authorised authorised = (Authorised) decision;
		String siret = aidant.get().siret();
		return new Authority.Granted(authorised.usagerId(), authorised.usagerPseudonym(), siret);
	}

	/**
	 * What a submission shows the aidant who made it (or another aidant of the
	 * structure).
	 */
	public Optional<SubmissionView> submission(UUID key, UUID structureId) {
		return this.jdbc.sql("""
				SELECT s.key, s.demarche, s.mandate_id, s.refusal_reason, s.refusal_message, s.same_as,
				  e.status, e.message, e.partner_reference
				FROM demarche_submission s
				LEFT JOIN demarche_execution e ON e.id = COALESCE(s.same_as, s.key)
				WHERE s.key = ? AND s.structure_id = ?
				""").params(key, structureId).query((rs, n) -> {
			UUID sameAs = rs.getObject("same_as", UUID.class);
			String reason = rs.getString("refusal_reason");
			Result result;
			if (reason != null) {
				result = new Result.Refused(reason, rs.getString("refusal_message"));
			}
			else if (rs.getString("status") != null) {
				result = new Result.Done((sameAs != null) ? sameAs : key,
						ExecutionStatus.valueOf(rs.getString("status")),
						Objects.requireNonNullElse(rs.getString("message"), ""), rs.getString("partner_reference"));
			}
			else {
				// Checks and delivery under way (the first of two requests with
				// this key).
				result = new Result.Done(key, ExecutionStatus.REQUESTED, IN_PROGRESS, null);
			}
			return new SubmissionView(key, rs.getString("demarche"), rs.getObject("mandate_id", UUID.class), result,
					sameAs != null);
		}).optional();
	}

	private String inputDigest(Demarche demarche, Record input) {
		return this.personalData.pseudonym("demarche-input:" + demarche.id(),
				new String(JSON.writeValueAsBytes(input), StandardCharsets.UTF_8));
	}

	/**
	 * Closes an execution that was never delivered because Mandat's checks refused it
	 * when the delivery was due (the refusal is already journaled).
	 */
	void deny(UUID executionId, Result.Refused refusal) {
		this.transactions.executeWithoutResult(status -> this.jdbc.sql("""
				UPDATE demarche_execution SET status = 'DENIED', completed_at = ?, message = ?, next_reconcile_at = NULL
				WHERE id = ? AND status IN ('REQUESTED', 'UNKNOWN')
				""").params(Timestamp.from(this.clock.instant()), truncate(refusal.message()), executionId).update());
	}

	/**
	 * Closes an execution of a démarche that must not be sent twice, which the partner
	 * says it never received: it was not done, and the aidant may do it again.
	 */
	Result notReceived(UUID executionId, Actor actor, UUID mandateId, String usagerPseudonym, Demarche demarche) {
		return record(executionId, actor, mandateId, usagerPseudonym, demarche,
				new PartnerOutcome.NotSent("not received by the partner", NOT_RECEIVED), 0);
	}

	/** Records the partner's answer (or its absence) and what the aidant is told. */
	Result record(UUID executionId, Actor actor, UUID mandateId, String usagerPseudonym, Demarche demarche,
			PartnerOutcome outcome, int reconcileAttempts) {
		Instant now = this.clock.instant();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("execution", executionId.toString());
		payload.put("partner", demarche.partnerId());
		JournalAction action;
		ExecutionStatus status;
		@Nullable String reference = null;
		@Nullable String partnerStatus = null;
		@Nullable String digest = null;
		@Nullable Instant next = null;
		if (outcome instanceof PartnerOutcome.Accepted accepted) {
			action = JournalAction.DEMARCHE_COMPLETED;
			status = ExecutionStatus.ACCEPTED;
			reference = accepted.reference();
			partnerStatus = accepted.status();
			digest = accepted.responseDigest();
			payload.put("reference", reference);
			payload.put("status", partnerStatus);
			payload.put("responseDigest", digest);
		}
		else if (outcome instanceof PartnerOutcome.Refused refused) {
			action = JournalAction.DEMARCHE_FAILED;
			status = ExecutionStatus.REFUSED;
			digest = refused.responseDigest();
			payload.put("outcome", "refused");
			payload.put("httpStatus", refused.httpStatus());
			payload.put("responseDigest", digest);
		}
		else if (outcome instanceof PartnerOutcome.NotSent notSent) {
			// Not received; after an earlier unknown ending it still may have been.
			action = (reconcileAttempts > 0) ? JournalAction.DEMARCHE_OUTCOME_UNKNOWN : JournalAction.DEMARCHE_FAILED;
			status = (reconcileAttempts > 0) ? ExecutionStatus.UNKNOWN : ExecutionStatus.NOT_SENT;
			payload.put("outcome", "not-sent");
			payload.put("reason", notSent.reason());
			next = (reconcileAttempts > 0) ? now.plus(backoff(reconcileAttempts)) : null;
		}
		else {
			action = JournalAction.DEMARCHE_OUTCOME_UNKNOWN;
			status = ExecutionStatus.UNKNOWN;
			payload.put("reason", ((PartnerOutcome.Unknown) outcome).reason());
			next = now.plus((reconcileAttempts == 0) ? FIRST_RECONCILIATION : backoff(reconcileAttempts));
		}
		if (reconcileAttempts > 0) {
			payload.put("reconciliation", reconcileAttempts);
		}
		boolean settled = status.settled();
		ExecutionStatus finalStatus = status;
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
				.params(Arrays.asList(finalStatus.name(), settled ? Timestamp.from(now) : null, partnerReference,
						partnerWord, responseDigest, truncate(outcome.message()),
						(nextReconciliation != null) ? Timestamp.from(nextReconciliation) : null, executionId))
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
		return truncate(message, 1000);
	}

	private static String truncate(String message, int length) {
		return (message.length() > length) ? message.substring(0, length) : message;
	}

	/** Reads back the input of an execution, to reconcile it. */
	Record input(UUID executionId, Demarche demarche, byte[] sealed) {
		byte[] json = this.personalData.decrypt(sealed, executionId.toString().getBytes(StandardCharsets.UTF_8));
		return JSON.readValue(json, demarche.inputType());
	}

	private record Started(@Nullable Result outcome, String usagerPseudonym, String siret) {

		static Started ended(Result outcome) {
			return new Started(outcome, "", "");
		}

	}

	private record Submission(UUID key, UUID aidantId, UUID structureId, UUID mandateId, Demarche demarche,
			String inputDigest, boolean sameInputIsRepeat) {
	}

	/** Whether a delivery may go to the partner now. */
	sealed interface Authority {

		record Granted(UUID usagerId, String usagerPseudonym, String siret) implements Authority {
		}

		record Denied(Result.Refused refusal) implements Authority {
		}

	}

	/**
	 * A submission as its result page shows it.
	 *
	 * @param repeat whether it repeated an earlier one (not sent again)
	 */
	public record SubmissionView(UUID key, String demarche, UUID mandateId, Result result, boolean repeat) {
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
		 * This submission was made before (same key: a reload, a double-click, a second
		 * tab), or repeats an earlier one: nothing was sent again.
		 *
		 * @param ownedByCaller whether the aidant asking made it
		 */
		record Existing(UUID key, boolean ownedByCaller) implements Result {
		}

		/**
		 * The partner was called.
		 *
		 * @param status where it stands ({@link ExecutionStatus#REQUESTED} while the
		 * first of two requests with the same key is still under way)
		 * @param message in French
		 */
		record Done(UUID executionId, ExecutionStatus status, String message,
				@Nullable String reference) implements Result {
		}

	}

}
