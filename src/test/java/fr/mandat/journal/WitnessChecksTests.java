package fr.mandat.journal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.List;
import java.util.Optional;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.CosignerKey;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.WitnessPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service checks witnesses' cosignatures with Bouncy Castle's Ed25519 (the JDK's took
 * a tenth of the JVM's CPU under load): it must accept and refuse exactly what the JDK's
 * check, the proof package's default, accepts and refuses.
 */
class WitnessChecksTests {

	private static final String ORIGIN = "test.mandat/journal";

	private static final SignedNote.Ed25519Check BOUNCY_CASTLE = CheckpointSigner::bouncyCastleEd25519;

	private final KeyPair log = pair();

	private final KeyPair first = pair();

	private final KeyPair second = pair();

	private final CosignerKey firstKey = new CosignerKey("temoin-1", this.first.getPublic());

	private final CosignerKey secondKey = new CosignerKey("temoin-2", this.second.getPublic());

	private final String body = new Checkpoint(ORIGIN, 3, new byte[32]).body();

	@Test
	void aValidCosignatureIsReadByBothChecksAndAnAlteredOneRefusedByBoth() throws Exception {
		Cosignature cosignature = Cosignature.sign(this.body, this.firstKey, 1_764_000_000L,
				message -> sign(this.first, message));
		SignedNote.Line line = SignedNote.Line.parse(cosignature.line());
		for (SignedNote.Ed25519Check check : List.of(BOUNCY_CASTLE, SignedNote.JDK_ED25519)) {
			assertThat(Cosignature.verify(this.body, line, this.firstKey, check)).contains(cosignature);
			String otherBody = new Checkpoint(ORIGIN, 4, new byte[32]).body();
			assertThatThrownBy(() -> Cosignature.verify(otherBody, line, this.firstKey, check))
				.isInstanceOf(ProofException.class)
				.hasMessageContaining("temoin-1 is not valid");
			byte[] signature = cosignature.signature();
			signature[10] ^= 1;
			SignedNote.Line altered = SignedNote.Line
				.parse(new Cosignature(this.firstKey, 1_764_000_000L, signature).line());
			assertThatThrownBy(() -> Cosignature.verify(this.body, altered, this.firstKey, check))
				.isInstanceOf(ProofException.class);
			// Another witness's line is not this witness's cosignature.
			assertThat(Cosignature.verify(this.body, line, this.secondKey, check)).isEmpty();
		}
	}

	@Test
	void theCheckGivenIsTheOneUsed() throws Exception {
		Cosignature cosignature = Cosignature.sign(this.body, this.firstKey, 1_764_000_000L,
				message -> sign(this.first, message));
		SignedNote.Line line = SignedNote.Line.parse(cosignature.line());
		assertThatThrownBy(() -> Cosignature.verify(this.body, line, this.firstKey, (text, signature, key) -> false))
			.isInstanceOf(ProofException.class);
	}

	@Test
	void aQuorumIsCheckedWithTheLogsSignatureAndEveryCosignature() throws Exception {
		NoteKey logKey = new NoteKey(ORIGIN, this.log.getPublic());
		String note = SignedNote.sign(this.body, logKey, this.log.getPrivate());
		String firstLine = Cosignature.sign(this.body, this.firstKey, 1L, message -> sign(this.first, message)).line();
		String secondLine = Cosignature.sign(this.body, this.secondKey, 2L, message -> sign(this.second, message))
			.line();
		WitnessPolicy both = new WitnessPolicy(List.of(this.firstKey, this.secondKey), 2);

		WitnessPolicy.Witnessed witnessed = both.verify(SignedNote.withSignatures(note, List.of(firstLine, secondLine)),
				logKey, BOUNCY_CASTLE);
		assertThat(witnessed.cosignatures()).hasSize(2);
		assertThat(witnessed.checkpoint().size()).isEqualTo(3);

		assertThatThrownBy(
				() -> both.verify(SignedNote.withSignatures(note, List.of(firstLine)), logKey, BOUNCY_CASTLE))
			.isInstanceOf(WitnessPolicy.NotWitnessed.class);
		KeyPair other = pair();
		String forged = SignedNote.sign(this.body, logKey, other.getPrivate());
		assertThatThrownBy(() -> both.verify(SignedNote.withSignatures(forged, List.of(firstLine, secondLine)), logKey,
				BOUNCY_CASTLE))
			.isInstanceOf(ProofException.class)
			.hasMessageContaining("not valid");
		Optional<Cosignature> none = Cosignature.verify(this.body, SignedNote.Line.parse(firstLine),
				new CosignerKey("temoin-1", other.getPublic()), BOUNCY_CASTLE);
		assertThat(none).as("same name, another key: not this witness's line").isEmpty();
	}

	private static KeyPair pair() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sign(KeyPair pair, byte[] message) {
		try {
			Signature ed25519 = Signature.getInstance("Ed25519");
			ed25519.initSign(pair.getPrivate());
			ed25519.update(message);
			return ed25519.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
