package fr.mandat.journal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalWitness;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TilesClient;
import fr.mandat.support.TilesClient.Checkpoint;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public transparency endpoints, read without sign-in by a tiles client written in
 * the test from the C2SP specifications: the checkpoint is signed by the journal key and
 * cosigned by both witnesses, and the hash tiles rebuild its root.
 */
@MandatIntegrationTest
class TransparencyEndpointsTests {

	private final TilesClient tiles = new TilesClient(BASE_URL + "/journal");

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void publicCheckpointIsSignedAndCosignedAndTheTilesRebuildItsRoot() throws Exception {
		// Enough entries for full tiles at level 0 and a tile at level 1.
		this.transactions.executeWithoutResult(status -> {
			for (int i = 0; i < 300; i++) {
				this.journal.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED)
					.withPayload(Map.of("t", "tiles", "n", i)));
			}
		});
		long index = recordAndAwaitIndex();
		Checkpoint checkpoint = awaitPublicCheckpointCovering(index);

		assertThat(checkpoint.origin()).isEqualTo(LocalInfrastructure.JOURNAL_ORIGIN);
		assertThat(checkpoint.cosignedAt()).containsOnlyKeys(witnessNames());
		long now = Instant.now().getEpochSecond();
		assertThat(checkpoint.cosignedAt().values()).allSatisfy(time -> assertThat(time).isBetween(now - 120, now + 5));

		assertThat(checkpoint.size()).isGreaterThan(300);
		List<byte[]> leaves = this.tiles.leafHashes(checkpoint.size());
		assertThat(TilesClient.mth(leaves)).isEqualTo(checkpoint.root());
		// The tiles hold the very leaves the journal hashed.
		byte[] stored = this.jdbc.sql("SELECT leaf_hash FROM journal_leaf WHERE idx = :idx")
			.param("idx", index)
			.query(byte[].class)
			.single();
		assertThat(leaves.get((int) index)).isEqualTo(stored);
	}

	@Test
	void checkpointIsBarelyCachedAndTilesAreImmutable() throws Exception {
		long index = recordAndAwaitIndex();
		Checkpoint checkpoint = awaitPublicCheckpointCovering(index);

		HttpResponse<byte[]> note = this.tiles.get("checkpoint");
		assertThat(note.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(note.headers().firstValue("Cache-Control")).hasValue("max-age=2, public");
		assertThat(note.headers().firstValue("Set-Cookie")).isEmpty();

		HttpResponse<byte[]> partial = this.tiles
			.get("tile/0/" + TilesClient.index(checkpoint.size() / 256) + partialSuffix(checkpoint.size()));
		if (checkpoint.size() % 256 != 0) {
			assertThat(partial.statusCode()).isEqualTo(200);
			assertThat(partial.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
			assertThat(partial.headers().firstValue("Cache-Control"))
				.hasValueSatisfying(value -> assertThat(value).contains("public").doesNotContain("immutable"));
		}
		if (checkpoint.size() >= 256) {
			HttpResponse<byte[]> full = this.tiles.get("tile/0/000");
			assertThat(full.statusCode()).isEqualTo(200);
			assertThat(full.body()).hasSize(8192);
			assertThat(full.headers().firstValue("Cache-Control"))
				.hasValueSatisfying(value -> assertThat(value).contains("public", "immutable", "max-age=31536000"));
		}
	}

	@Test
	void tilesBeyondTheSignedJournalOrMalformedPathsAreNotFound() throws Exception {
		long index = recordAndAwaitIndex();
		Checkpoint checkpoint = awaitPublicCheckpointCovering(index);

		// Far beyond the witnessed size: the tiles follow the latest signed
		// checkpoint, which background jobs' entries may push a little past it.
		long beyond = checkpoint.size() / 256 + 1000;
		for (String path : List.of("tile/0/" + TilesClient.index(beyond),
				"tile/0/" + TilesClient.index(beyond) + ".p/255", "tile/0/0001", "tile/0/1", "tile/0/x000/001",
				"tile/9/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/entries/000", "tile/0/000.p/1x")) {
			HttpResponse<byte[]> response = this.tiles.get(path);
			assertThat(response.statusCode()).as(path).isIn(400, 404);
			assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
		}
		HttpResponse<byte[]> entries = this.tiles.get("tile/entries/000");
		assertThat(new String(entries.body(), StandardCharsets.UTF_8)).contains("réservées aux auditeurs");
	}

	@Test
	void onlyReadingIsPublic() throws Exception {
		HttpResponse<String> post = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/journal/checkpoint"))
				.POST(HttpRequest.BodyPublishers.ofString("x"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isIn(302, 403, 405);
		HttpResponse<String> other = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/journal/ailleurs")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(other.statusCode()).as("anything else under /journal asks for sign-in").isEqualTo(302);
	}

	private static String partialSuffix(long size) {
		return (size % 256 != 0) ? ".p/" + (size % 256) : "";
	}

	private long recordAndAwaitIndex() {
		UUID id = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED).withPayload(Map.of("t", "tiles"))));
		return Awaitility.await("entry sequenced")
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT idx FROM journal_leaf WHERE entry_id = :id")
				.param("id", id)
				.query(Long.class)
				.optional(), java.util.Optional::isPresent)
			.get();
	}

	private Checkpoint awaitPublicCheckpointCovering(long index) {
		byte[] logKey = LocalInfrastructure.get().journalPublicKey();
		List<String> witnessKeys = LocalInfrastructure.get()
			.witnesses()
			.stream()
			.map(LocalWitness::verifierKey)
			.toList();
		return Awaitility.await("public checkpoint covering entry " + index)
			.atMost(Duration.ofSeconds(15))
			.until(() -> (this.tiles.get("checkpoint").statusCode() == 200) ? this.tiles.checkpoint(logKey, witnessKeys)
					: null, checkpoint -> checkpoint != null && checkpoint.size() > index);
	}

	private static List<String> witnessNames() {
		return LocalInfrastructure.get().witnesses().stream().map(LocalWitness::name).toList();
	}

}
