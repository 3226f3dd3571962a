package fr.mandat.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import fr.mandat.journal.ConfiguredWitnesses.Witness;
import fr.mandat.journal.WitnessClient.Answer;
import fr.mandat.journal.WitnessLedger.SignedRow;
import fr.mandat.journal.WitnessLedger.WitnessState;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submits the latest signed checkpoint, with a consistency proof from the size each
 * witness last cosigned, to every configured witness, stores their cosignatures and marks
 * the checkpoint witnessed once the policy is met. Runs beside the sequencer and never
 * blocks it: a witness that is down, slow or refusing only delays witnessing; it is
 * retried (backing off up to a few seconds), counted in metrics and shown to auditors.
 * One instance works at a time (advisory lock).
 */
@Component
class Witnessing {

	/** An arbitrary, fixed advisory lock key for witnessing ("MANDATWT"). */
	static final long LOCK_KEY = 0x4d414e4441545754L;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(Witnessing.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ConfiguredWitnesses witnesses;

	private final WitnessClient client;

	private final WitnessLedger ledger;

	private final CheckpointSigner signer;

	private final JournalProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Timer delay;

	private final AtomicLong unwitnessed = new AtomicLong();

	private final AtomicLong alarms = new AtomicLong();

	/** Per witness, when it may be tried again (monotonic time of this instance). */
	private final Map<String, Long> nextAttempt = new ConcurrentHashMap<>();

	Witnessing(JdbcClient jdbc, TransactionTemplate transactions, ConfiguredWitnesses witnesses, WitnessClient client,
			WitnessLedger ledger, CheckpointSigner signer, JournalProperties properties, Clock clock,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.witnesses = witnesses;
		this.client = client;
		this.ledger = ledger;
		this.signer = signer;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.delay = Timer.builder("mandat.journal.witness.delay")
			.description("From a checkpoint's signature to the moment it met the witness policy")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		Gauge.builder("mandat.journal.witness.unwitnessed", this.unwitnessed, AtomicLong::get)
			.description("Entries signed but not yet covered by a witnessed checkpoint")
			.register(meters);
		Gauge.builder("mandat.journal.witness.alarms", this.alarms, AtomicLong::get)
			.description("Witnesses whose refusal says the journal is not what they saw (rollback, fork)")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${mandat.journal.witness-interval:250ms}")
	void tick() {
		if (this.witnesses.all().isEmpty()) {
			return;
		}
		try {
			round();
		}
		catch (RuntimeException ex) {
			log.warn("Witnessing round failed ({}); retrying at the next tick", ex.getClass().getSimpleName());
		}
	}

	/**
	 * One round: submits the latest checkpoint to the witnesses that have not cosigned
	 * it.
	 * @return the size of the latest witnessed checkpoint after the round, if any
	 */
	Optional<Long> round() {
		Optional<Long> witnessed = this.transactions.execute(status -> {
			boolean leader = this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)")
				.param("key", LOCK_KEY)
				.query(Boolean.class)
				.single();
			if (!leader) {
				return Optional.<Long>empty();
			}
			Optional<SignedRow> latest = this.ledger.latestCheckpoint();
			if (latest.isPresent()) {
				submit(latest.get());
			}
			return this.ledger.latestWitnessed(1).stream().findFirst().map(WitnessLedger.WitnessedRow::size);
		});
		return (witnessed != null) ? witnessed : Optional.empty();
	}

	private void submit(SignedRow latest) {
		Map<String, WitnessState> states = this.ledger.states(this.witnesses.names());
		long now = System.nanoTime();
		List<Submission> submissions = new ArrayList<>();
		for (Witness witness : this.witnesses.all()) {
			if (this.ledger.hasCosignature(latest.size(), witness.name())
					|| now - this.nextAttempt.getOrDefault(witness.name(), now) < 0) {
				continue;
			}
			WitnessState state = states.get(witness.name());
			long known = (state != null) ? state.knownSize() : 0;
			// A witness said to be ahead of the journal is asked again from zero: its 409
			// tells its size again, live.
			long old = (known <= latest.size()) ? known : 0;
			submissions.add(new Submission(witness, old, send(witness, old, latest)));
		}
		for (Submission submission : submissions) {
			handle(submission.witness(), submission.old(), submission.answer().join(), latest, true);
		}
		if (this.witnesses.policy().quorum() > 0) {
			checkQuorum(latest);
		}
		long witnessedSize = this.ledger.latestWitnessed(1)
			.stream()
			.mapToLong(WitnessLedger.WitnessedRow::size)
			.findFirst()
			.orElse(0);
		this.unwitnessed.set(latest.size() - Math.min(latest.size(), witnessedSize));
		this.alarms
			.set(this.ledger.states(this.witnesses.names()).values().stream().filter(WitnessState::alarm).count());
	}

	private CompletableFuture<Answer> send(Witness witness, long old, SignedRow latest) {
		List<byte[]> proof = (old == 0 || old == latest.size()) ? List.of()
				: MerkleTree.consistencyProof(old, latest.size(), new JdbcNodeStore(this.jdbc));
		return this.client.submit(witness, old, proof, latest.note());
	}

	private void handle(Witness witness, long old, Answer answer, SignedRow latest, boolean mayRetry) {
		Instant now = this.clock.instant();
		String name = witness.name();
		if (answer instanceof Answer.Cosigned cosigned) {
			Optional<Cosignature> cosignature = cosignature(witness, latest, cosigned.body());
			if (cosignature.isPresent()) {
				this.ledger.storeCosignature(latest.size(), latest.root(), name, cosignature.get().line(),
						Instant.ofEpochSecond(cosignature.get().timestamp()), now);
				this.ledger.succeeded(name, latest.size(), now);
				this.nextAttempt.remove(name);
				count(name, "cosigned");
			}
			else {
				failed(name, null, "Le témoin a répondu sans cosignature valide de sa clé.", false, now, "invalid");
			}
		}
		else if (answer instanceof Answer.Conflict conflict) {
			long size = conflict.size();
			if (mayRetry && size < latest.size() && size != old) {
				// Our record of the witness was stale: prove consistency from its size.
				handle(witness, size, send(witness, size, latest).join(), latest, false);
			}
			else if (size > latest.size()) {
				failed(name, size,
						"Le témoin a déjà cosigné un journal de " + size + " entrées ; le journal n'en compte que "
								+ latest.size() + " : il a été ramené en arrière ou tronqué.",
						true, now, "rollback");
			}
			else if (size == latest.size()) {
				failed(name, size, "Le témoin a cosigné une autre racine pour la taille " + size
						+ " : le journal a été réécrit (vue divergente).", true, now, "fork");
			}
			else {
				failed(name, size, "Le témoin a refusé la taille de départ " + old + " (il en est à " + size + ").",
						false, now, "conflict");
			}
		}
		else if (answer instanceof Answer.Refused refused && refused.status() == 422) {
			failed(name, null,
					"Le témoin refuse la preuve de cohérence depuis la taille " + old
							+ " : le journal qu'il a vu n'est pas un début de celui-ci (réécriture ou vue divergente).",
					true, now, "inconsistent");
		}
		else if (answer instanceof Answer.Refused refused) {
			failed(name, null, refusal(refused.status()), false, now, "refused");
		}
		else if (answer instanceof Answer.Unreachable unreachable) {
			failed(name, null, "Témoin " + unreachable.reason() + ".", false, now, "unreachable");
		}
	}

	private static String refusal(int status) {
		return switch (status) {
			case 403 ->
				"Le témoin ne reconnaît pas la signature du journal : la clé du journal n'est pas configurée chez lui.";
			case 404 -> "Le témoin ne connaît pas ce journal (origine inconnue chez lui).";
			case 400 -> "Le témoin juge la demande mal formée (400).";
			default -> "Le témoin a répondu par une erreur " + status + ".";
		};
	}

	private void failed(String witness, @Nullable Long knownSize, String problem, boolean alarm, Instant now,
			String outcome) {
		WitnessState before = this.ledger.states(List.of(witness)).get(witness);
		this.ledger.failed(witness, knownSize, problem, alarm, now);
		int failures = ((before != null) ? before.failures() : 0) + 1;
		long backoff = Math.min(MAX_BACKOFF.toNanos(),
				this.properties.witnessInterval().toNanos() << Math.min(failures, 16));
		this.nextAttempt.put(witness, System.nanoTime() + backoff);
		count(witness, outcome);
		if (before == null || !problem.equals(before.problem())) {
			if (alarm) {
				log.warn("Witness {} refused the journal ({}): {}", witness, outcome, problem);
			}
			else {
				log.info("Witness {} not available ({}), retrying", witness, outcome);
			}
		}
	}

	private Optional<Cosignature> cosignature(Witness witness, SignedRow latest, String body) {
		try {
			String text = SignedNote.parse(latest.note()).text();
			for (String line : body.split("\n")) {
				if (line.isEmpty()) {
					continue;
				}
				Optional<Cosignature> cosignature = Cosignature.verify(text, SignedNote.Line.parse(line), witness.key(),
						CheckpointSigner::bouncyCastleEd25519);
				if (cosignature.isPresent()) {
					return cosignature;
				}
			}
		}
		catch (ProofException ex) {
			log.info("Witness {} answered an unusable cosignature: {}", witness.name(), ex.getMessage());
		}
		return Optional.empty();
	}

	private void checkQuorum(SignedRow latest) {
		if (this.ledger.isWitnessed(latest.size())) {
			return;
		}
		Map<String, String> lines = this.ledger.cosignatures(latest.size(), latest.root());
		List<String> configured = this.witnesses.names().stream().filter(lines::containsKey).map(lines::get).toList();
		if (configured.size() < this.witnesses.policy().quorum()) {
			return;
		}
		String cosigned = SignedNote.withSignatures(latest.note(), configured);
		try {
			Checkpoint checkpoint = this.witnesses.policy()
				.verify(cosigned, this.signer.verifierKey(), CheckpointSigner::bouncyCastleEd25519)
				.checkpoint();
			if (checkpoint.size() != latest.size()) {
				return;
			}
		}
		catch (ProofException ex) {
			log.warn("Stored cosignatures on size {} do not meet the witness policy: {}", latest.size(),
					ex.getMessage());
			return;
		}
		Instant now = this.clock.instant();
		this.ledger.witnessed(latest.size(), latest.root(), cosigned, now);
		this.delay.record(Duration.between(latest.createdAt(), now).abs());
	}

	private void count(String witness, String outcome) {
		Counter.builder("mandat.journal.witness.submissions")
			.description("Checkpoints submitted to witnesses, by outcome")
			.tag("witness", witness)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private record Submission(Witness witness, long old, CompletableFuture<Answer> answer) {
	}

}
