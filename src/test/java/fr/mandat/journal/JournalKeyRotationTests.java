package fr.mandat.journal;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.List;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.signing.JournalKey;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rotating the journal key without a cut (ADR 0120): during the transition every
 * checkpoint carries the current and the next key's signatures, so witnesses and auditors
 * can move to the next key first; after the switch, checkpoints of the retired key still
 * verify, and never once the retired key is forgotten.
 */
class JournalKeyRotationTests {

	private static final String ORIGIN = "mandat.example/journal";

	private static final byte[] ROOT = new byte[32];

	private final KeyPair old = ed25519();

	private final KeyPair next = ed25519();

	@Test
	void aCheckpointOfTheTransitionIsSignedByBothKeysAndEachVerifiesIt() throws Exception {
		CheckpointSigner transition = signer(new Keys(this.old, this.next, List.of()));

		String note = transition.sign(42, ROOT);

		assertThat(SignedNote.parse(note).signatures()).hasSize(2);
		assertThat(Checkpoint.parse(SignedNote.verify(note, noteKey(this.old))).size()).isEqualTo(42);
		assertThat(Checkpoint.parse(SignedNote.verify(note, noteKey(this.next))).size()).isEqualTo(42);
		assertThat(transition.knownKeys()).containsExactly(noteKey(this.old), noteKey(this.next));
		assertThat(transition.verifierKey()).isEqualTo(noteKey(this.old));
	}

	@Test
	void afterTheSwitchTheRetiredKeysCheckpointsStillVerifyAndWithoutItTheyDoNot() throws Exception {
		String before = signer(new Keys(this.old, null, List.of())).sign(7, ROOT);
		CheckpointSigner after = signer(new Keys(this.next, null, List.of(this.old.getPublic())));
		String since = after.sign(8, ROOT);

		assertThat(after.verify(before).size()).isEqualTo(7);
		assertThat(after.verify(since).size()).isEqualTo(8);
		assertThat(SignedNote.parse(since).signatures()).as("one key once the rotation is over").hasSize(1);
		assertThat(after.verifierKey()).isEqualTo(noteKey(this.next));

		CheckpointSigner forgetful = signer(new Keys(this.next, null, List.of()));
		assertThatExceptionOfType(ProofException.class).isThrownBy(() -> forgetful.verify(before));
	}

	@Test
	void aCheckpointSignedByAnotherKeyIsRefusedWhateverTheRotation() {
		String foreign = signer(new Keys(ed25519(), null, List.of())).sign(3, ROOT);
		CheckpointSigner ours = signer(new Keys(this.next, null, List.of(this.old.getPublic())));

		assertThatExceptionOfType(ProofException.class).isThrownBy(() -> ours.verify(foreign));
	}

	private static CheckpointSigner signer(JournalKey key) {
		return new CheckpointSigner(key, new JournalProperties(ORIGIN, Duration.ofSeconds(1), 100, List.of(), null,
				Duration.ofMillis(250), Duration.ofSeconds(3), Duration.ofSeconds(1)));
	}

	private static NoteKey noteKey(KeyPair pair) {
		return new NoteKey(ORIGIN, pair.getPublic());
	}

	private static KeyPair ed25519() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sign(PrivateKey key, byte[] message) {
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(message);
			return signature.sign();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Key pairs held in memory, as the keystore would give them. */
	private record Keys(KeyPair current, @Nullable KeyPair following, List<PublicKey> retired) implements JournalKey {

		@Override
		public PublicKey publicKey() {
			return this.current.getPublic();
		}

		@Override
		public byte[] sign(byte[] message) {
			return JournalKeyRotationTests.sign(this.current.getPrivate(), message);
		}

		@Override
		public @Nullable PublicKey nextPublicKey() {
			return (this.following != null) ? this.following.getPublic() : null;
		}

		@Override
		public byte[] signWithNext(byte[] message) {
			if (this.following == null) {
				throw new IllegalStateException("no next key");
			}
			return JournalKeyRotationTests.sign(this.following.getPrivate(), message);
		}

		@Override
		public List<PublicKey> retiredPublicKeys() {
			return this.retired;
		}

	}

}
