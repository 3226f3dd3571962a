package fr.mandat.journal.proof.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class VerifierTests {

	@TempDir
	Path directory;

	private final TestBundles journal = new TestBundles(11);

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void verifiesAnIntactExportWithThePublishedKey() throws IOException {
		int code = run("paquet", write(this.journal.bundle(2, 7)), "--cle", this.journal.verifierKey());

		assertThat(code).isEqualTo(Verifier.VERIFIED);
		assertThat(output()).startsWith("VÉRIFIÉ : 7 entrée(s)").doesNotContain("Attention");
	}

	@Test
	void namesTheFirstAlteredEntry() throws IOException {
		ObjectNode bundle = this.journal.bundle(0, 11);
		ObjectNode fifth = (ObjectNode) bundle.get("entries").get(5);
		fifth.put("entry", fifth.get("entry").asString().replace("MANDATE_EXPIRED", "MANDATE_REVOKED"));
		ObjectNode eighth = (ObjectNode) bundle.get("entries").get(8);
		eighth.put("entry", eighth.get("entry").asString().replace("e8", "e9"));

		assertThat(run("paquet", write(bundle))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC : l'entrée n° 5 ");
	}

	@Test
	void refusesACheckpointSignedByAnotherKey() throws IOException {
		String otherKey = new TestBundles(1).verifierKey();

		assertThat(run("paquet", write(this.journal.bundle(0, 3)), "--cle", otherKey)).isEqualTo(Verifier.FAILED);
		assertThat(output()).contains("n'est pas signé");
	}

	@Test
	void checksConsistencyBetweenTwoCheckpoints() throws IOException {
		assertThat(run("coherence", write(this.journal.consistency(4, 11)), "--cle", this.journal.verifierKey()))
			.isEqualTo(Verifier.VERIFIED);

		ObjectNode forged = this.journal.consistency(4, 11);
		forged.set("from", new TestBundles(11).consistency(4, 11).get("from"));
		assertThat(run("coherence", write(forged))).isEqualTo(Verifier.FAILED);
	}

	@Test
	void unusableInputExitsWithTwo() throws IOException {
		Path notJson = this.directory.resolve("x.json");
		Files.writeString(notJson, "{ pas du json");
		assertThat(run("paquet", notJson.toString())).isEqualTo(Verifier.UNUSABLE);
		assertThat(run("paquet")).isEqualTo(Verifier.UNUSABLE);
		ObjectNode noFormat = this.journal.bundle(0, 1);
		noFormat.remove("format");
		assertThat(run("paquet", write(noFormat))).isEqualTo(Verifier.UNUSABLE);
		assertThat(run("paquet", write(this.journal.bundle(0, 1)), "--cle", "pas-une-cle"))
			.isEqualTo(Verifier.UNUSABLE);
	}

	private int run(String... args) {
		this.output.reset();
		return Verifier.run(args, new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

	private String write(ObjectNode document) throws IOException {
		Path file = Files.createTempFile(this.directory, "document", ".json");
		Files.writeString(file, document.toString());
		return file.toString();
	}

}
