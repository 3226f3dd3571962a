package fr.mandat.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalWitness;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.TilesClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports without caps, receipts and entry bundles, over real HTTP, checked by the
 * offline verifier with trust taken outside the server: the journal key from the
 * keystore, the witnesses' keys, and a public checkpoint saved earlier.
 */
@MandatIntegrationTest
class AuditStreamingTests {

	@TempDir
	Path directory;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theWholeJournalStreamsAndVerifiesAgainstASavedWitnessedCheckpoint() throws Exception {
		// A witnessed checkpoint exists (this class may run first, on a new journal).
		awaitWitnessed(record(1, "stream-" + UUID.randomUUID()));
		Path reference = save(publicCheckpoint());
		long referenceSize = size(Files.readString(reference));
		UUID last = record(5, "stream-" + UUID.randomUUID());
		awaitWitnessed(last);

		HttpResponse<Path> export = download("/api/v1/audit/export.ndjson?reference=" + referenceSize, "all.ndjson");

		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
		String result = verify("paquet", export.body().toString(), "--reference", reference.toString());
		assertThat(result).startsWith("VÉRIFIÉ : ")
			.contains("L'export est complet")
			.contains("Témoigné par : localhost/mandat/temoin-1, localhost/mandat/temoin-2")
			.contains("point de contrôle de référence (taille " + referenceSize + ")");
	}

	@Test
	void aSelectionLargerThanAPageStreamsWhole() throws Exception {
		String usager = "usager-" + UUID.randomUUID();
		UUID last = record(250, usager);
		awaitWitnessed(last);

		HttpResponse<Path> export = download("/api/v1/audit/export/selection.ndjson?usager=" + usager,
				"selection.ndjson");

		assertThat(export.statusCode()).isEqualTo(200);
		List<String> lines = Files.readAllLines(export.body());
		assertThat(lines).hasSize(1 + 250 + 1);
		assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"end\":true,\"entries\":250}");
		assertThat(verify("paquet", export.body().toString())).startsWith("VÉRIFIÉ : 250 entrée(s)");
	}

	@Test
	void anEntryReceiptIsATlogProofTheVerifierChecksAlone() throws Exception {
		UUID last = record(1, "receipt-" + UUID.randomUUID());
		long index = awaitWitnessed(last);

		HttpResponse<Path> receipt = download("/api/v1/audit/entries/" + index + "/receipt", "entree.tlog-proof");

		assertThat(receipt.statusCode()).isEqualTo(200);
		assertThat(Files.readString(receipt.body())).startsWith("c2sp.org/tlog-proof@v1\nextra ")
			.contains("\nindex " + index + "\n");
		assertThat(verify("preuve", receipt.body().toString())).startsWith("VÉRIFIÉ : l'entrée n° " + index)
			.contains("Témoigné par");
	}

	@Test
	void entryBundlesHoldTheEntriesWhoseHashesThePublicTilesCarry() throws Exception {
		UUID last = record(3, "bundle-" + UUID.randomUUID());
		awaitWitnessed(last);
		long size = this.jdbc.sql("SELECT max(tree_size) FROM journal_checkpoint").query(Long.class).single();
		int width = (int) Math.min(256, size);
		String path = "000" + ((width < 256) ? ".p/" + width : "");

		HttpResponse<byte[]> bundle = this.http.send(request("/api/v1/audit/tile/entries/" + path),
				HttpResponse.BodyHandlers.ofByteArray());

		assertThat(bundle.statusCode()).isEqualTo(200);
		byte[] tile = new TilesClient(BASE_URL + "/journal").tile(0, 0, width);
		byte[] bytes = bundle.body();
		int offset = 0;
		for (int i = 0; i < width; i++) {
			int length = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
			byte[] entry = Arrays.copyOfRange(bytes, offset + 2, offset + 2 + length);
			offset += 2 + length;
			assertThat(TilesClient.leafHash(entry)).as("entry %d", i)
				.isEqualTo(Arrays.copyOfRange(tile, i * 32, i * 32 + 32));
		}
		assertThat(offset).isEqualTo(bytes.length);
		// The public cannot read entries.
		HttpResponse<String> anonymous = this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/audit/tile/entries/" + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void badStreamingRequestsGetProblemDetails() throws Exception {
		long size = this.jdbc.sql("SELECT max(tree_size) FROM journal_checkpoint").query(Long.class).single();
		Map<String, Integer> requests = Map.of("/api/v1/audit/export.ndjson?from=-1", 400,
				"/api/v1/audit/export.ndjson?from=5&to=5", 400, "/api/v1/audit/export.ndjson?to=" + (size + 100_000),
				404, "/api/v1/audit/export.ndjson?reference=0", 400, "/api/v1/audit/export.ndjson?from=abc", 400,
				"/api/v1/audit/export/selection.ndjson?action=NOPE", 400, "/api/v1/audit/tile/entries/0001", 400,
				"/api/v1/audit/tile/entries/x999/999", 404, "/api/v1/audit/entries/-4/receipt", 400);
		for (var entry : requests.entrySet()) {
			HttpResponse<String> response = this.http.send(request(entry.getKey()),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(entry.getValue());
			assertThat(response.headers().firstValue("Content-Type")).as(entry.getKey())
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(this.json.readTree(response.body()).get("detail").asString()).as(entry.getKey())
				.isNotBlank()
				.doesNotContain("Exception");
		}
		HttpResponse<String> notAuditor = this.http
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/audit/export.ndjson"))
				.header("Authorization", "Bearer " + ApiTokens.of(DemoAccount.HUGO))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(notAuditor.statusCode()).isEqualTo(403);
	}

	private String verify(String command, String file, String... more) {
		List<String> args = new ArrayList<>(List.of(command, file, "--cle", journalKey()));
		LocalInfrastructure.get().witnesses().forEach(w -> args.addAll(List.of("--temoin", w.verifierKey())));
		args.addAll(List.of(more));
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
		String text = output.toString(StandardCharsets.UTF_8);
		assertThat(code).as(text).isZero();
		return text;
	}

	/**
	 * The journal's verifier key, made from the keystore's public key (not asked of the
	 * server).
	 */
	static String journalKey() {
		return new fr.mandat.journal.proof.NoteKey(LocalInfrastructure.JOURNAL_ORIGIN,
				publicKey(LocalInfrastructure.get().journalPublicKey()))
			.encoded();
	}

	private static java.security.PublicKey publicKey(byte[] raw) {
		try {
			byte[] prefix = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
			byte[] encoded = Arrays.copyOf(prefix, prefix.length + 32);
			System.arraycopy(raw, 0, encoded, prefix.length, 32);
			return java.security.KeyFactory.getInstance("Ed25519")
				.generatePublic(new java.security.spec.X509EncodedKeySpec(encoded));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String publicCheckpoint() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(BASE_URL + "/journal/checkpoint")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		new TilesClient(BASE_URL + "/journal").checkpoint(LocalInfrastructure.get().journalPublicKey(),
				LocalInfrastructure.get().witnesses().stream().map(LocalWitness::verifierKey).toList());
		return response.body();
	}

	private static long size(String note) {
		return Long.parseLong(note.split("\n")[1]);
	}

	private Path save(String text) throws Exception {
		Path file = Files.createTempFile(this.directory, "reference", ".txt");
		Files.writeString(file, text);
		return file;
	}

	private HttpResponse<Path> download(String path, String name) throws Exception {
		return this.http.send(request(path), HttpResponse.BodyHandlers.ofFile(this.directory.resolve(name)));
	}

	private HttpRequest request(String path) throws Exception {
		return HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Authorization", "Bearer " + ApiTokens.of(DemoAccount.INES))
			.GET()
			.build();
	}

	private UUID record(int count, String usager) {
		return this.transactions.execute(status -> {
			UUID last = null;
			for (int i = 0; i < count; i++) {
				last = this.journal.record(new JournalRecord(Actor.system(), JournalAction.MANDATE_EXPIRED, null,
						usager, null, Map.of("n", i)));
			}
			return last;
		});
	}

	private long awaitWitnessed(UUID id) {
		return Awaitility.await("entry witnessed")
			.atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc
				.sql("SELECT l.idx FROM journal_leaf l WHERE l.entry_id = :id "
						+ "AND EXISTS (SELECT 1 FROM journal_witnessed w WHERE w.tree_size > l.idx)")
				.param("id", id)
				.query(Long.class)
				.optional(), java.util.Optional::isPresent)
			.get();
	}

}
