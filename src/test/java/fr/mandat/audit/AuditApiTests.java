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
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The auditors' API over real HTTP with real Keycloak tokens. */
@MandatIntegrationTest
class AuditApiTests {

	private static final String INES = "7d2f9a10-0000-4000-8000-000000000005";

	private static final String HUGO = "7d2f9a10-0000-4000-8000-000000000004";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	private long index;

	@BeforeEach
	void recordAnEntry() {
		UUID id = this.transactions.execute(status -> this.journal
			.record(JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED).withPayload(Map.of("t", "audit"))));
		this.index = Waits.upTo(Duration.ofSeconds(10), "the entry in a checkpoint").until(() -> this.jdbc.sql("""
				SELECT l.idx FROM journal_leaf l
				WHERE l.entry_id = :id AND EXISTS (SELECT 1 FROM journal_checkpoint c WHERE c.tree_size > l.idx)
				""").param("id", id).query(Long.class).optional(), Optional::isPresent).orElseThrow();
	}

	@Test
	void auditorGetsAnInclusionProofThatVerifiesAgainstTheSignedCheckpoint() throws Exception {
		JsonNode proof = getJson("/api/v1/audit/entries/" + this.index + "/proof", DemoAccount.INES, 200);

		NoteKey key = NoteKey.parse(proof.get("checkpoint").get("verifierKey").asString());
		Checkpoint checkpoint = Checkpoint
			.parse(SignedNote.verify(proof.get("checkpoint").get("signedNote").asString(), key));
		byte[] leaf = Hashes.leaf(proof.get("entry").asString().getBytes(StandardCharsets.UTF_8));
		assertThat(Base64.getEncoder().encodeToString(leaf)).isEqualTo(proof.get("leafHash").asString());
		ProofVerifier.verifyInclusion(this.index, checkpoint.size(), leaf, hashes(proof.get("inclusionProof")),
				checkpoint.rootHash());
		assertThat(proof.get("entry").asString()).contains("\"action\":\"MANDATE_EXPIRED\"");
		assertThat(journaled("JOURNAL_ENTRY_VIEWED", INES)).isPositive();
	}

	@Test
	void auditorGetsAConsistencyProofBetweenTwoCheckpoints() throws Exception {
		List<Long> sizes = this.jdbc.sql("SELECT tree_size FROM journal_checkpoint ORDER BY tree_size")
			.query(Long.class)
			.list();
		long from = sizes.get(0);
		long to = sizes.get(sizes.size() - 1);

		JsonNode consistency = getJson("/api/v1/audit/consistency?from=" + from + "&to=" + to, DemoAccount.INES, 200);

		NoteKey key = NoteKey.parse(consistency.get("to").get("verifierKey").asString());
		Checkpoint first = Checkpoint
			.parse(SignedNote.verify(consistency.get("from").get("signedNote").asString(), key));
		Checkpoint second = Checkpoint
			.parse(SignedNote.verify(consistency.get("to").get("signedNote").asString(), key));
		ProofVerifier.verifyConsistency(first.size(), second.size(), hashes(consistency.get("proof")), first.rootHash(),
				second.rootHash());
	}

	@Test
	void auditorVerifiesTheWholeJournalAndTheVerificationIsJournaled() throws Exception {
		long before = journaled("JOURNAL_VERIFIED", INES);

		HttpResponse<String> response = send("POST", "/api/v1/audit/verification", DemoAccount.INES);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = this.json.readTree(response.body());
		assertThat(report.get("valid").asBoolean()).as(response.body()).isTrue();
		assertThat(report.get("entriesChecked").asLong()).isGreaterThan(this.index);
		assertThat(journaled("JOURNAL_VERIFIED", INES)).isEqualTo(before + 1);
	}

	@Test
	void exportIsABundleOfEntriesWithProofs() throws Exception {
		JsonNode bundle = getJson("/api/v1/audit/export?from=0&count=3", DemoAccount.INES, 200);

		assertThat(bundle.get("format").asString()).isEqualTo("mandat-journal-bundle/1");
		assertThat(bundle.get("entries")).hasSize(3);
		NoteKey key = NoteKey.parse(bundle.get("verifierKey").asString());
		Checkpoint checkpoint = Checkpoint
			.parse(SignedNote.verify(bundle.get("checkpoint").get("signedNote").asString(), key));
		for (JsonNode entry : bundle.get("entries")) {
			ProofVerifier.verifyInclusion(entry.get("index").asLong(), checkpoint.size(),
					Hashes.leaf(entry.get("entry").asString().getBytes(StandardCharsets.UTF_8)),
					hashes(entry.get("inclusionProof")), checkpoint.rootHash());
		}
		assertThat(journaled("JOURNAL_EXPORTED", INES)).isPositive();

		// The offline verifier accepts the very bytes the API served.
		Path file = Files.createTempFile("journal-export", ".json");
		Files.writeString(file, bundle.toString());
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(new String[] { "paquet", file.toString(), "--cle", key.encoded() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
		Files.delete(file);
	}

	@Test
	void searchFiltersAndPagesThroughEntriesNewestFirst() throws Exception {
		UUID structure = UUID.randomUUID();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.transactions.execute(status -> this.journal.record(new JournalRecord(
					new Actor(JournalRecord.ActorType.AIDANT, "7d2f9a10-0000-4000-8000-000000000002", structure),
					JournalAction.DEMARCHE_REQUESTED, null, "usager-pseudo-42", "caf-declaration", Map.of()))));
		}
		long searchesBefore = journaled("JOURNAL_SEARCHED", INES);
		String query = "/api/v1/audit/entries?structure=" + structure + "&usager=usager-pseudo-42"
				+ "&action=DEMARCHE_REQUESTED&from=2026-01-01&to=2099-12-31&size=2";

		List<String> seen = new ArrayList<>();
		JsonNode page = getJson(query, DemoAccount.INES, 200);
		int pages = 1;
		page.get("entries").forEach(e -> seen.add(e.get("id").asString()));
		while (!page.get("next").isNull()) {
			page = getJson(query + "&after=" + page.get("next").asString(), DemoAccount.INES, 200);
			page.get("entries").forEach(e -> seen.add(e.get("id").asString()));
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		List<String> expected = new ArrayList<>(ids.stream().map(UUID::toString).toList());
		Collections.reverse(expected);
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(journaled("JOURNAL_SEARCHED", INES)).isEqualTo(searchesBefore + 3);
		assertThat(
				getJson("/api/v1/audit/entries?structure=" + UUID.randomUUID(), DemoAccount.INES, 200).get("entries"))
			.isEmpty();
	}

	@Test
	void exportOfASearchSelectionHoldsOnlyMatchingSealedEntriesAndVerifiesOffline() throws Exception {
		String usager = "usager-" + UUID.randomUUID();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.transactions.execute(status -> this.journal.record(
					new JournalRecord(Actor.system(), JournalAction.MANDATE_EXPIRED, null, usager, null, Map.of()))));
		}
		awaitSealed(ids.get(2));

		JsonNode bundle = getJson("/api/v1/audit/export/selection?usager=" + usager, DemoAccount.INES, 200);

		assertThat(bundle.get("entries")).hasSize(3);
		bundle.get("entries").forEach(e -> assertThat(e.get("entry").asString()).contains(usager));
		Path file = Files.createTempFile("journal-selection", ".json");
		Files.writeString(file, bundle.toString());
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		int code = Verifier.run(new String[] { "paquet", file.toString() },
				new PrintStream(output, true, StandardCharsets.UTF_8));
		Files.delete(file);
		assertThat(code).as(output.toString(StandardCharsets.UTF_8)).isZero();
	}

	@Test
	void badInputGetsProblemDetails() throws Exception {
		Map<String, Integer> requests = new LinkedHashMap<>();
		requests.put("/api/v1/audit/entries/-1/proof", 400);
		requests.put("/api/v1/audit/entries/abc/proof", 400);
		requests.put("/api/v1/audit/entries/99999999999999999999/proof", 400);
		requests.put("/api/v1/audit/entries/9223372036854775807/proof", 404);
		requests.put("/api/v1/audit/entries/0/proof?treeSize=987654321", 404);
		requests.put("/api/v1/audit/consistency?from=5&to=2", 400);
		requests.put("/api/v1/audit/consistency?from=0&to=2", 400);
		requests.put("/api/v1/audit/consistency?from=1", 400);
		requests.put("/api/v1/audit/export?from=0&count=100000", 400);
		requests.put("/api/v1/audit/export?from=-3&count=1", 400);
		requests.put("/api/v1/audit/entries?from=2026-13-45", 400);
		requests.put("/api/v1/audit/entries?from=2026-06-02&to=2026-06-01", 400);
		requests.put("/api/v1/audit/entries?size=100000", 400);

		requests.put("/api/v1/audit/entries?size=0", 400);
		requests.put("/api/v1/audit/entries?action=NOT_AN_ACTION", 400);
		requests.put("/api/v1/audit/entries?structure=not-a-uuid", 400);
		requests.put("/api/v1/audit/entries?after=garbage", 400);
		requests.put("/api/v1/audit/entries?usager=" + "x".repeat(101), 400);
		for (var request : requests.entrySet()) {
			HttpResponse<String> response = send("GET", request.getKey(), DemoAccount.INES);
			assertThat(response.statusCode()).as(request.getKey()).isEqualTo(request.getValue());
			assertThat(response.headers().firstValue("Content-Type")).as(request.getKey())
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = this.json.readTree(response.body());
			assertThat(problem.get("status").asInt()).isEqualTo(request.getValue());
			assertThat(problem.get("detail").asString()).as(request.getKey()).isNotBlank().doesNotContain("Exception");
		}
	}

	@Test
	void nonAuditorIsRefusedAndTheRefusalIsJournaled() throws Exception {
		long before = journaled("ACCESS_DENIED", HUGO);

		HttpResponse<String> response = send("GET", "/api/v1/audit/checkpoint", DemoAccount.HUGO);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(journaled("ACCESS_DENIED", HUGO)).isEqualTo(before + 1);
		assertThat(this.jdbc.sql("""
				SELECT payload FROM journal_entry WHERE action = 'ACCESS_DENIED' AND actor_id = :actor
				ORDER BY recorded_at DESC LIMIT 1
				""").param("actor", HUGO).query(String.class).single()).contains("/api/v1/audit/checkpoint");
	}

	/**
	 * Exports prove against the latest witnessed checkpoint: wait until it covers the
	 * entry.
	 */
	private void awaitSealed(UUID id) {
		Waits.upTo(Duration.ofSeconds(15), "the entry under a witnessed checkpoint")
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM journal_leaf l WHERE l.entry_id = :id "
						+ "AND EXISTS (SELECT 1 FROM journal_witnessed w WHERE w.tree_size > l.idx)")
				.param("id", id)
				.query(Long.class)
				.single() > 0);
	}

	private JsonNode getJson(String path, DemoAccount account, int status) throws Exception {
		HttpResponse<String> response = send("GET", path, account);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> send(String method, String path, DemoAccount account) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Authorization", "Bearer " + ApiTokens.of(account))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long journaled(String action, String actor) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = :action AND actor_id = :actor")
			.param("action", action)
			.param("actor", actor)
			.query(Long.class)
			.single();
	}

	private static List<byte[]> hashes(JsonNode array) {
		List<byte[]> hashes = new ArrayList<>();
		array.forEach(element -> hashes.add(Base64.getDecoder().decode(element.asString())));
		return hashes;
	}

}
