package fr.mandat.journal.proof.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import fr.mandat.journal.proof.TlogProof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier given trust from outside: the journal's key, two witnesses (both required)
 * and a checkpoint saved earlier. A rollback, a truncation and a forked view are each
 * refused and named.
 */
class VerifierTrustTests {

	@TempDir
	Path directory;

	private final List<KeyPair> witnesses = List.of(TestBundles.newPair(), TestBundles.newPair());

	private final KeyPair log = TestBundles.newPair();

	private final TestBundles journal = new TestBundles(this.log, TestBundles.numbered(300), this.witnesses);

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@Test
	void acceptsACompleteWitnessedExportThatExtendsTheReference() throws IOException {
		String reference = writeText(this.journal.note(120));

		int code = run("paquet", write(this.journal.ndjson(0, 300, 120)), trust(reference));

		assertThat(code).as(output()).isEqualTo(Verifier.VERIFIED);
		assertThat(output()).startsWith("VÉRIFIÉ : 300 entrée(s)")
			.contains("L'export est complet")
			.contains("Témoigné par : witness.test/w1, witness.test/w2")
			.contains("prolonge sans modification le point de contrôle de référence (taille 120)")
			.doesNotContain("Attention");
	}

	@Test
	void aCompleteExportProvesConsistencyWithTheReferenceWithoutAProof() throws IOException {
		String reference = writeText(this.journal.note(77));

		assertThat(run("paquet", write(this.journal.ndjson(0, 300, 0)), trust(reference))).isEqualTo(Verifier.VERIFIED);
		assertThat(output()).contains("taille 77");
	}

	@Test
	void anOlderJournalThanTheReferenceIsARollback() throws IOException {
		// The journal was cut back to 200 entries and its checkpoint signed again.
		TestBundles truncated = new TestBundles(this.log, this.journal.entries().subList(0, 200), this.witnesses);
		String reference = writeText(this.journal.note(300));

		assertThat(run("paquet", write(truncated.ndjson(0, 200, 0)), trust(reference))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (retour en arrière) : le journal présenté compte 200 entrées")
			.contains("300");
	}

	@Test
	void aRewrittenEntryReSignedWithTheLogKeyIsAFork() throws IOException {
		List<String> rewritten = new ArrayList<>(this.journal.entries());
		rewritten.set(42, rewritten.get(42).replace("MANDATE_EXPIRED", "MANDATE_REVOKED"));
		TestBundles forged = new TestBundles(this.log, rewritten, this.witnesses);
		String reference = writeText(this.journal.note(250));

		// Same size as the reference, another root.
		TestBundles sameSize = new TestBundles(this.log, rewritten.subList(0, 250), this.witnesses);
		assertThat(run("paquet", write(sameSize.ndjson(0, 250, 250)), trust(reference))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (vue divergente) : ").contains("même taille (250)");

		// Larger: the consistency proof from the reference does not hold.
		assertThat(run("paquet", write(forged.ndjson(100, 300, 250)), trust(reference))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (vue divergente) : le journal de taille 300 ne prolonge pas");

		// Complete export without a proof: the rebuilt root at 250 differs.
		assertThat(run("paquet", write(forged.ndjson(0, 300, 0)), trust(reference))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (vue divergente) : les 250 premières entrées");
	}

	@Test
	void missingEntriesOrAMissingLastLineAreATruncation() throws IOException {
		List<String> lines = new ArrayList<>(this.journal.ndjson(0, 300, 0));
		lines.remove(1 + 150);
		assertThat(run("paquet", write(lines), trust(null))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (troncature) : ").contains("il y manque l'entrée n° 150");

		List<String> cut = new ArrayList<>(this.journal.ndjson(0, 300, 0)).subList(0, 1 + 280);
		assertThat(run("paquet", write(cut), trust(null))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (troncature) : ")
			.contains("sans sa dernière ligne")
			.contains("les entrées n° 280 à 299");
	}

	@Test
	void aCheckpointWithoutTheQuorumOfCosignaturesIsNotWitnessed() throws IOException {
		TestBundles oneWitness = new TestBundles(this.log, this.journal.entries(), this.witnesses.subList(0, 1));

		assertThat(run("paquet", write(oneWitness.ndjson(0, 300, 0)), trust(null))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (non témoigné) : ").contains("1 cosignature(s) valide(s)");

		assertThat(run("paquet", write(oneWitness.ndjson(0, 300, 0)), trust(null), "--quorum", "1"))
			.isEqualTo(Verifier.VERIFIED);
	}

	@Test
	void aReceiptIsWrittenAsATlogProofAndCheckedAlone() throws IOException {
		Path receipt = this.directory.resolve("entree-7.tlog-proof");
		assertThat(run("recu", write(this.journal.ndjson(0, 300, 0)), "7", "--sortie", receipt.toString()))
			.isEqualTo(Verifier.VERIFIED);
		String text = Files.readString(receipt);
		assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nextra ").contains("\nindex 7\n");

		assertThat(run("preuve", receipt.toString(), trust(null))).as(output()).isEqualTo(Verifier.VERIFIED);
		assertThat(output()).contains("l'entrée n° 7 est incluse").contains("\"id\":\"e7\"");

		String forged = text.replaceFirst("extra [^\\n]+", "extra "
				+ java.util.Base64.getEncoder().encodeToString("{\"id\":\"forged\"}".getBytes(StandardCharsets.UTF_8)));
		assertThat(run("preuve", writeText(forged), trust(null))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC : l'entrée n° 7 n'est pas dans le journal signé");
	}

	@Test
	void readsATlogProofAsTheSpecificationWritesIt() throws Exception {
		String example = "c2sp.org/tlog-proof@v1\nextra YWJj\nindex 73894\n"
				+ "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\nB95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n\n"
				+ "example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n— example.com/fancylog AAAA\n";
		TlogProof proof = TlogProof.parse(example);
		assertThat(proof.index()).isEqualTo(73894);
		assertThat(proof.extra()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
		assertThat(proof.inclusionProof()).hasSize(2);
		assertThat(proof.checkpoint()).startsWith("example.com/fancylog\n109482\n");
		assertThat(proof.format()).isEqualTo(example);
	}

	@Test
	void aMandateRevokedInTheJournalButShownAsValidWasRevived() throws IOException {
		String mandate = "6f1c0d3e-0000-4000-8000-00000000000a";
		List<String> entries = new ArrayList<>(TestBundles.numbered(10));
		entries.add("{\"action\":\"MANDATE_CREATED\",\"mandate\":\"" + mandate + "\",\"payload\":{\"categories\":"
				+ "[\"argent\",\"social\"],\"notAfter\":\"2027-01-01T10:00:00Z\"},\"v\":1}");
		entries.add("{\"action\":\"MANDATE_REVOKED\",\"mandate\":\"" + mandate
				+ "\",\"payload\":{\"categories\":[\"argent\",\"social\"]},\"v\":1}");
		TestBundles withMandate = new TestBundles(this.log, entries, this.witnesses);
		String export = write(withMandate.ndjson(0, entries.size(), 0));

		String revived = writeText("{\"id\":\"" + mandate + "\",\"status\":\"active\",\"valid\":true,"
				+ "\"notAfter\":\"2027-01-01T10:00:00Z\",\"categories\":[{\"code\":\"argent\",\"active\":true}]}");
		assertThat(run("mandat", revived, export, trust(null))).isEqualTo(Verifier.FAILED);
		assertThat(output()).startsWith("ÉCHEC (mandat) : le mandat " + mandate + " a été révoqué (entrée n° 11");

		String honest = writeText("{\"id\":\"" + mandate + "\",\"status\":\"revoked\",\"valid\":false,"
				+ "\"notAfter\":\"2027-01-01T10:00:00Z\",\"categories\":[{\"code\":\"argent\",\"active\":false}]}");
		assertThat(run("mandat", honest, export, trust(null))).as(output()).isEqualTo(Verifier.VERIFIED);
	}

	private String[] trust(String reference) {
		List<String> args = new ArrayList<>(List.of("--cle", this.journal.verifierKey()));
		this.journal.witnessKeys().forEach(key -> args.addAll(List.of("--temoin", key)));
		if (reference != null) {
			args.addAll(List.of("--reference", reference));
		}
		return args.toArray(String[]::new);
	}

	/** Runs the verifier; arguments are strings or arrays of strings, flattened. */
	private int run(Object... parts) {
		List<String> args = new ArrayList<>();
		for (Object part : parts) {
			if (part instanceof String[] many) {
				args.addAll(List.of(many));
			}
			else {
				args.add((String) part);
			}
		}
		this.output.reset();
		return Verifier.run(args.toArray(String[]::new), new PrintStream(this.output, true, StandardCharsets.UTF_8));
	}

	private String output() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

	private String write(List<String> lines) throws IOException {
		return writeText(String.join("\n", lines) + "\n");
	}

	private String writeText(String text) throws IOException {
		Path file = Files.createTempFile(this.directory, "document", ".txt");
		Files.writeString(file, text);
		return file.toString();
	}

}
