package fr.mandat.journal.proof;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signed-note parser and the checkpoint it carries, fed anything: they verify a note
 * or refuse it with a {@link ProofException}, never with another exception, and accept no
 * note the key did not sign.
 */
@Tag("fuzz")
class SignedNoteFuzzTests {

	private static final KeyPair KEYS = keys();

	private static final NoteKey KEY = new NoteKey("essai.example/journal", KEYS.getPublic());

	@FuzzTest(maxDuration = "20s")
	void parsesAnyNoteSafely(byte[] input) {
		String note = new String(input, StandardCharsets.UTF_8);
		try {
			String text = SignedNote.verify(note, KEY);
			// Only a note this key signed gets this far: the fuzzer holds no private key.
			assertThat(note).startsWith(text);
			Checkpoint.parse(text);
		}
		catch (ProofException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
		try {
			NoteKey.parse(note);
		}
		catch (ProofException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
		try {
			Checkpoint checkpoint = Checkpoint.parse(note);
			assertThat(checkpoint.size()).isNotNegative();
			assertThat(checkpoint.rootHash()).hasSize(32);
		}
		catch (ProofException ex) {
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

	private static KeyPair keys() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
