package fr.mandat.journal;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.signing.JournalKey;

import org.springframework.stereotype.Component;

/** Signs checkpoints as C2SP signed notes with the journal key, named by the origin. */
@Component
class CheckpointSigner {

	private final JournalKey key;

	private final NoteKey noteKey;

	private final String origin;

	CheckpointSigner(JournalKey key, JournalProperties properties) {
		this.key = key;
		this.origin = properties.origin();
		this.noteKey = new NoteKey(properties.origin(), key.publicKey());
	}

	String sign(long size, byte[] root) {
		return SignedNote.sign(new Checkpoint(this.origin, size, root).body(), this.noteKey, this.key::sign);
	}

	/**
	 * The verifier key auditors need, e.g. {@code mandat.example/journal+1a2b3c4d+AX...}.
	 */
	NoteKey verifierKey() {
		return this.noteKey;
	}

}
