package fr.mandat.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import fr.mandat.journal.JournalAudit.EntryProof;
import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;

/**
 * Checks an entry's proof the way the offline verifier does, so the page shows the result
 * of the same computation an auditor can repeat.
 */
final class ProofCheck {

	private ProofCheck() {
	}

	static boolean check(EntryProof proof) {
		try {
			NoteKey key = NoteKey.parse(proof.checkpoint().verifierKey());
			Checkpoint checkpoint = Checkpoint.parse(SignedNote.verify(proof.checkpoint().signedNote(), key));
			List<byte[]> path = proof.inclusionProof().stream().map(h -> Base64.getDecoder().decode(h)).toList();
			ProofVerifier.verifyInclusion(proof.index(), checkpoint.size(),
					Hashes.leaf(proof.entry().getBytes(StandardCharsets.UTF_8)), path, checkpoint.rootHash());
			return true;
		}
		catch (ProofException | IllegalArgumentException ex) {
			return false;
		}
	}

}
