package fr.mandat.journal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import fr.mandat.journal.JournalAudit.WitnessStatus;
import fr.mandat.journal.JournalAudit.WitnessingStatus;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalWitness;
import fr.mandat.local.LocalWitness.State;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TilesClient;
import fr.mandat.support.TilesClient.Checkpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal and its two stand-in witnesses (policy: both must cosign). A witness that
 * is down, slow, behind or says the journal was rolled back never blocks appends, delays
 * witnessing, is reported, and no checkpoint is published as witnessed without both
 * cosignatures.
 */
@MandatIntegrationTest
class WitnessingTests {

	private static final String ORIGIN = LocalInfrastructure.JOURNAL_ORIGIN;

	private final TilesClient tiles = new TilesClient(BASE_URL + "/journal");

	@Autowired
	private Journal journal;

	@Autowired
	private JournalAudit audit;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	private LocalWitness first;

	private LocalWitness second;

	@BeforeEach
	void bothWitnessesCaughtUp() {
		List<LocalWitness> witnesses = LocalInfrastructure.get().witnesses();
		this.first = witnesses.get(0);
		this.second = witnesses.get(1);
		long index = recordAndAwaitIndex("before");
		awaitPublicCheckpoint(index, Duration.ofSeconds(15));
	}

	@AfterEach
	void witnessesBackToNormal() {
		this.first.delay(Duration.ZERO);
		this.second.delay(Duration.ZERO);
		this.first.up();
		this.second.up();
	}

	@Test
	void aWitnessDownDelaysWitnessingButNotAppends() {
		double unreachableBefore = submissions(this.second.name(), "unreachable");
		this.second.down();
		long index = recordAndAwaitIndex("down");

		awaitStatus(status -> this.second.name().equals(status.name()) && status.problem() != null
				&& status.problem().contains("injoignable"));
		assertThat(publicSize()).as("nothing past the down witness is published as witnessed")
			.isLessThanOrEqualTo(index);
		assertThat(this.audit.witnessing().witnessed().treeSize()).isLessThanOrEqualTo(index);
		assertThat(this.audit.witnessing().signedSize()).as("appends and signatures go on").isGreaterThan(index);
		assertThat(statusOf(this.second).alarm()).isFalse();
		assertThat(submissions(this.second.name(), "unreachable")).isGreaterThan(unreachableBefore);

		this.second.up();
		Checkpoint published = awaitPublicCheckpoint(index, Duration.ofSeconds(15));
		assertThat(published.cosignedAt()).containsKeys(this.first.name(), this.second.name());
		awaitStatus(status -> this.second.name().equals(status.name()) && status.problem() == null);
	}

	@Test
	void aSlowWitnessTimesOutAndIsRetried() {
		this.first.delay(LocalInfrastructure.TEST_WITNESS_TIMEOUT.plusSeconds(1));
		long index = recordAndAwaitIndex("slow");

		awaitStatus(status -> this.first.name().equals(status.name()) && status.problem() != null
				&& status.problem().contains("pas de réponse"));
		assertThat(publicSize()).isLessThanOrEqualTo(index);

		this.first.delay(Duration.ZERO);
		awaitPublicCheckpoint(index, Duration.ofSeconds(20));
	}

	@Test
	void aWitnessBehindAnswers409AndIsCaughtUpWithAProofFromItsSize() {
		// The witness lost its latest cosignatures (e.g. restored from a backup): it
		// remembers an older checkpoint of the same journal.
		State current = this.second.state(ORIGIN);
		long older = Math.max(1, current.size() / 2);
		this.second.remember(ORIGIN, new State(older, TilesClient.mth(leafHashes(older))));
		double conflicts = submissions(this.second.name(), "cosigned");
		long index = recordAndAwaitIndex("behind");

		Checkpoint published = awaitPublicCheckpoint(index, Duration.ofSeconds(15));
		assertThat(published.cosignedAt()).containsKey(this.second.name());
		assertThat(this.second.state(ORIGIN).size()).isEqualTo(published.size());
		assertThat(submissions(this.second.name(), "cosigned")).isGreaterThan(conflicts);
		assertThat(statusOf(this.second).alarm()).isFalse();
	}

	@Test
	void aWitnessThatSawALargerJournalRaisesARollbackAlarmAndNothingNewIsWitnessed() {
		// The witness cosigned a larger journal than the one the service now has: what
		// it sees after the journal was rolled back.
		State real = this.first.state(ORIGIN);
		long witnessedBefore = publicSize();
		this.first.remember(ORIGIN, new State(real.size() + 1_000, TilesClient.leafHash(new byte[] { 42 })));
		try {
			long index = recordAndAwaitIndex("rolled back");

			WitnessStatus alarm = awaitStatus(status -> this.first.name().equals(status.name()) && status.alarm());
			assertThat(alarm.problem()).contains("ramené en arrière").contains(Long.toString(real.size() + 1_000));
			assertThat(alarm.knownSize()).isEqualTo(real.size() + 1_000);
			assertThat(this.audit.witnessing().alarm()).isTrue();
			assertThat(this.meters.get("mandat.journal.witness.alarms").gauge().value()).isGreaterThanOrEqualTo(1);
			// The public checkpoint stays the last one both witnesses cosigned.
			assertThat(publicSize()).isEqualTo(witnessedBefore).isLessThanOrEqualTo(index);
		}
		finally {
			this.first.remember(ORIGIN, real);
		}
		long index = recordAndAwaitIndex("restored");
		awaitPublicCheckpoint(index, Duration.ofSeconds(15));
		awaitStatus(status -> this.first.name().equals(status.name()) && !status.alarm());
	}

	private List<byte[]> leafHashes(long size) {
		return this.jdbc.sql("SELECT leaf_hash FROM journal_leaf WHERE idx < :size ORDER BY idx")
			.param("size", size)
			.query(byte[].class)
			.list();
	}

	private double submissions(String witness, String outcome) {
		var counter = this.meters.find("mandat.journal.witness.submissions")
			.tag("witness", witness)
			.tag("outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private WitnessStatus statusOf(LocalWitness witness) {
		return this.audit.witnessing()
			.witnesses()
			.stream()
			.filter(s -> s.name().equals(witness.name()))
			.findFirst()
			.orElseThrow();
	}

	private WitnessStatus awaitStatus(java.util.function.Predicate<WitnessStatus> condition) {
		return await(() -> this.audit.witnessing().witnesses().stream().filter(condition).findFirst().orElse(null),
				Duration.ofSeconds(15), "witness status");
	}

	private long publicSize() {
		WitnessingStatus status = this.audit.witnessing();
		long fromApi = (status.witnessed() != null) ? status.witnessed().treeSize() : 0;
		try {
			long published = this.tiles.get("checkpoint").statusCode() == 200 ? currentPublic().size() : 0;
			assertThat(published).as("what the public sees is what auditors see").isLessThanOrEqualTo(fromApi);
			return Math.max(published, fromApi);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private Checkpoint currentPublic() throws Exception {
		return this.tiles.checkpoint(LocalInfrastructure.get().journalPublicKey(),
				LocalInfrastructure.get().witnesses().stream().map(LocalWitness::verifierKey).toList());
	}

	private Checkpoint awaitPublicCheckpoint(long index, Duration within) {
		return await(() -> {
			try {
				if (this.tiles.get("checkpoint").statusCode() != 200) {
					return null;
				}
				Checkpoint checkpoint = currentPublic();
				if (checkpoint.size() <= index) {
					return null;
				}
				assertThat(checkpoint.cosignedAt()).as("a published checkpoint carries both cosignatures")
					.containsOnlyKeys(this.first.name(), this.second.name());
				return checkpoint;
			}
			catch (Exception ex) {
				throw new AssertionError(ex);
			}
		}, within, "public checkpoint covering entry " + index);
	}

	private long recordAndAwaitIndex(String label) {
		UUID id = this.transactions
			.execute(status -> this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)
				.withPayload(Map.of("witnessing", label))));
		return await(() -> this.jdbc
			.sql("SELECT l.idx FROM journal_leaf l WHERE l.entry_id = :id "
					+ "AND EXISTS (SELECT 1 FROM journal_checkpoint c WHERE c.tree_size > l.idx)")
			.param("id", id)
			.query(Long.class)
			.optional()
			.orElse(null), Duration.ofSeconds(10), "entry signed");
	}

	private static <T> T await(Supplier<T> probe, Duration within, String what) {
		return Awaitility.await(what).atMost(within).until(probe::get, java.util.Objects::nonNull);
	}

}
