package fr.mandat.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.CosignerKey;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.SignedNote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The witness stand-in cosigns only checkpoints signed by the log it knows, and its
 * cosignatures verify with the application's own (JDK) check.
 */
class LocalWitnessTests {

	private static final String ORIGIN = "example.org/journal";

	@TempDir
	Path storage;

	private final HttpClient http = HttpClient.newHttpClient();

	private KeyPair log;

	private LocalWitness witness;

	@BeforeEach
	void start() throws Exception {
		this.log = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] rawLogKey = LocalWitness.raw(this.log.getPublic());
		this.witness = LocalWitness.start("localhost/test-witness", this.storage, TestPorts.of(8297),
				Map.of(ORIGIN, () -> Optional.of(rawLogKey)));
	}

	@AfterEach
	void stop() {
		this.witness.close();
	}

	@Test
	void cosignsACheckpointSignedByTheLog() throws Exception {
		String body = checkpoint().body();
		String note = SignedNote.sign(body, new NoteKey(ORIGIN, this.log.getPublic()), this.log.getPrivate());

		HttpResponse<String> response = submit(note);

		assertThat(response.statusCode()).isEqualTo(200);
		SignedNote.Line line = SignedNote.Line.parse(response.body().strip());
		assertThat(Cosignature.verify(body, line, CosignerKey.parse(this.witness.verifierKey()))).isPresent();
	}

	@Test
	void startedOnAnyFreePortItGivesItsRealAddressAndKeepsItWhenUpAgain() throws Exception {
		byte[] rawLogKey = LocalWitness.raw(this.log.getPublic());
		try (LocalWitness any = LocalWitness.start("localhost/any-port", this.storage.resolve("any"), 0,
				Map.of(ORIGIN, () -> Optional.of(rawLogKey)))) {
			int port = any.port();
			assertThat(port).isPositive();
			assertThat(any.url()).isEqualTo("http://localhost:" + port);
			any.down();
			any.up();
			assertThat(any.port()).isEqualTo(port);
			String note = SignedNote.sign(checkpoint().body(), new NoteKey(ORIGIN, this.log.getPublic()),
					this.log.getPrivate());
			assertThat(submit(any, note).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void refusesACheckpointSignedByAnotherKeyOrChangedAfterSigning() throws Exception {
		KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		String forged = SignedNote.sign(checkpoint().body(), new NoteKey(ORIGIN, this.log.getPublic()),
				other.getPrivate());
		String signed = SignedNote.sign(checkpoint().body(), new NoteKey(ORIGIN, this.log.getPublic()),
				this.log.getPrivate());
		String changed = signed.replaceFirst("\n1\n", "\n2\n");

		assertThat(submit(forged).statusCode()).isEqualTo(403);
		assertThat(submit(changed).statusCode()).isEqualTo(403);
		assertThat(submit(signed).statusCode()).as("the genuine one, after the refusals").isEqualTo(200);
	}

	private static Checkpoint checkpoint() {
		return new Checkpoint(ORIGIN, 1, new byte[32], List.of());
	}

	private HttpResponse<String> submit(String note) throws Exception {
		return submit(this.witness, note);
	}

	private HttpResponse<String> submit(LocalWitness to, String note) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(to.url() + "/add-checkpoint"))
			.POST(HttpRequest.BodyPublishers.ofString("old 0\n\n" + note))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
