package fr.mandat.journal.proof;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SignedCheckpointTests {

	// The reference example of the signed-note format (golang.org/x/mod/sumdb/note).
	private static final String PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

	private static final String PETER_SEED = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

	private static final String PETER_TEXT = "If you think cryptography is the answer to your problem,\n"
			+ "then you don't know what your problem is.\n";

	private static final String PETER_NOTE = PETER_TEXT + "\n\u2014 PeterNeumann "
			+ "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

	@Test
	void matchesTheReferenceSignedNote() throws Exception {
		NoteKey peter = NoteKey.parse(PETER_VERIFIER);
		assertThat(HexFormat.of().formatHex(peter.keyId())).isEqualTo("c74f20a3");
		assertThat(peter.encoded()).isEqualTo(PETER_VERIFIER);

		assertThat(SignedNote.verify(PETER_NOTE, peter)).isEqualTo(PETER_TEXT);
		// Ed25519 is deterministic: signing again gives the very same note.
		assertThat(SignedNote.sign(PETER_TEXT, peter, privateKey(PETER_SEED))).isEqualTo(PETER_NOTE);
	}

	@Test
	void signedCheckpointRoundTrips() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		NoteKey key = new NoteKey("mandat.example/journal", pair.getPublic());
		Checkpoint checkpoint = new Checkpoint("mandat.example/journal", 42, Hashes.leaf(new byte[] { 1 }));

		String note = SignedNote.sign(checkpoint.body(), key, pair.getPrivate());

		assertThat(note).startsWith("mandat.example/journal\n42\n");
		assertThat(Checkpoint.parse(SignedNote.verify(note, NoteKey.parse(key.encoded())))).isEqualTo(checkpoint);
	}

	@Test
	void verifierKeysWithAPlusInTheirBase64RoundTrip() throws Exception {
		// The base64 alphabet has '+': only the first two separate the fields.
		for (int attempt = 0; attempt < 200; attempt++) {
			NoteKey key = new NoteKey("journal", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
			String encoded = key.encoded();
			if (encoded.chars().filter(c -> c == '+').count() > 2) {
				assertThat(NoteKey.parse(encoded).rawPublicKey()).isEqualTo(key.rawPublicKey());
				return;
			}
		}
		throw new AssertionError("no key with '+' in its base64 in 200 draws");
	}

	@Test
	void refusesTamperedNotesAndOtherKeys() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		NoteKey key = new NoteKey("journal", pair.getPublic());
		String note = SignedNote.sign(new Checkpoint("journal", 7, Hashes.empty()).body(), key, pair.getPrivate());
		NoteKey other = new NoteKey("journal", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());

		assertThatExceptionOfType(ProofException.class)
			.isThrownBy(() -> SignedNote.verify(note.replace("\n7\n", "\n8\n"), key));
		assertThatExceptionOfType(ProofException.class).isThrownBy(() -> SignedNote.verify(note, other));
		assertThatExceptionOfType(ProofException.class)
			.isThrownBy(() -> SignedNote.verify(note.replace("\u2014", "-"), key));
		assertThatExceptionOfType(ProofException.class).isThrownBy(() -> SignedNote.verify(note.strip(), key));
		assertThatExceptionOfType(ProofException.class)
			.isThrownBy(() -> NoteKey.parse(PETER_VERIFIER.replace("c74f20a3", "c74f20a4")));
	}

	@Test
	void parsesOnlyWellFormedCheckpoints() throws Exception {
		String root = Base64.getEncoder().encodeToString(Hashes.empty());
		assertThat(Checkpoint.parse("log\n0\n" + root + "\nextension\n").extensions()).isEqualTo(List.of("extension"));
		for (String bad : List.of("log\n1\n" + root, "log\n01\n" + root + "\n", "log\n-1\n" + root + "\n",
				"log\n1\nnot base64!\n", "log\n1\n" + root.substring(4) + "\n", "\n1\n" + root + "\n", "log\n1\n",
				"log\n1\n" + root + "\n\n")) {
			assertThatExceptionOfType(ProofException.class).as(bad).isThrownBy(() -> Checkpoint.parse(bad));
		}
	}

	private static PrivateKey privateKey(String typedSeed) throws Exception {
		byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(typedSeed), 1, 33);
		byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
		byte[] encoded = Arrays.copyOf(pkcs8, pkcs8.length + seed.length);
		System.arraycopy(seed, 0, encoded, pkcs8.length, seed.length);
		return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encoded));
	}

}
