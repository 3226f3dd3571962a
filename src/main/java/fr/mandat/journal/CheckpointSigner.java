package fr.mandat.journal;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.signing.JournalKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Signs checkpoints as C2SP signed notes with the journal key, named by the origin.
 * During a rotation (ADR 0120) every checkpoint is signed by the next key too, so that
 * witnesses and auditors can move to it before it replaces the current one; checkpoints
 * of retired keys stay verifiable.
 */
@Component
class CheckpointSigner {

	private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);

	private final JournalKey key;

	private final NoteKey noteKey;

	private final @Nullable NoteKey nextNoteKey;

	private final List<NoteKey> knownKeys;

	private final String origin;

	CheckpointSigner(JournalKey key, JournalProperties properties) {
		this.key = key;
		this.origin = properties.origin();
		this.noteKey = new NoteKey(properties.origin(), key.publicKey());
		PublicKey next = key.nextPublicKey();
		this.nextNoteKey = (next != null) ? new NoteKey(properties.origin(), next) : null;
		List<NoteKey> known = new ArrayList<>();
		known.add(this.noteKey);
		if (this.nextNoteKey != null) {
			known.add(this.nextNoteKey);
		}
		key.retiredPublicKeys().forEach(retired -> known.add(new NoteKey(properties.origin(), retired)));
		this.knownKeys = List.copyOf(known);
		if (this.nextNoteKey != null) {
			// Public: what witnesses and auditors are to be given.
			log.info("Journal key rotation under way: checkpoints co-signed; next journal verifier key {}",
					this.nextNoteKey.encoded());
		}
	}

	String sign(long size, byte[] root) {
		String body = new Checkpoint(this.origin, size, root).body();
		String note = SignedNote.sign(body, this.noteKey, this.key::sign);
		NoteKey next = this.nextNoteKey;
		if (next == null) {
			return note;
		}
		String byNext = SignedNote.sign(body, next, this.key::signWithNext);
		String line = byNext.substring(body.length() + 1, byNext.length() - 1);
		return SignedNote.withSignatures(note, List.of(line));
	}

	/**
	 * The verifier key auditors need, e.g. {@code mandat.example/journal+1a2b3c4d+AX...}.
	 */
	NoteKey verifierKey() {
		return this.noteKey;
	}

	/** The current key, the next one during a rotation, then the retired ones. */
	List<NoteKey> knownKeys() {
		return this.knownKeys;
	}

	/**
	 * The checkpoint, if the note is validly signed by one of this journal's keys
	 * (current, next or retired).
	 * @throws ProofException when no known key signed it validly
	 */
	Checkpoint verify(String note) throws ProofException {
		ProofException first = null;
		for (NoteKey known : this.knownKeys) {
			try {
				return Checkpoint.parse(SignedNote.verify(note, known, CheckpointSigner::bouncyCastleEd25519));
			}
			catch (ProofException ex) {
				if (first == null) {
					first = ex;
				}
			}
		}
		throw (first != null) ? first : new ProofException("No journal key to verify with");
	}

	/**
	 * Bouncy Castle's Ed25519 (RFC 8032), about seven times faster than JDK 17's here:
	 * the full verification checks every checkpoint's signature (thousands), witnessing
	 * checks every checkpoint's cosignatures.
	 */
	static boolean bouncyCastleEd25519(byte[] text, byte[] signature, NoteKey key) {
		byte[] publicKey = key.rawPublicKey();
		return signature.length == Ed25519.SIGNATURE_SIZE && publicKey.length == Ed25519.PUBLIC_KEY_SIZE
				&& Ed25519.verify(signature, 0, publicKey, 0, text, 0, text.length);
	}

}
