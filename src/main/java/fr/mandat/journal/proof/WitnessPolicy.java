package fr.mandat.journal.proof;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which witnesses must have cosigned a checkpoint for it to count as seen by others:
 * {@code quorum} of the given cosigner keys (e.g. 2 of 3). A quorum of 0 asks for no
 * witness at all.
 */
public record WitnessPolicy(List<CosignerKey> witnesses, int quorum) {

	public WitnessPolicy {
		witnesses = List.copyOf(witnesses);
		if (quorum < 0 || quorum > witnesses.size()) {
			throw new IllegalArgumentException(
					"A quorum is between 0 and the number of witnesses (" + witnesses.size() + "), not " + quorum);
		}
		if (witnesses.stream().map(CosignerKey::name).distinct().count() != witnesses.size()) {
			throw new IllegalArgumentException("Two witnesses have the same name");
		}
	}

	public static WitnessPolicy none() {
		return new WitnessPolicy(List.of(), 0);
	}

	/**
	 * The valid cosignatures of known witnesses on a note (one per witness), ignoring
	 * unknown keys.
	 * @throws ProofException if a known witness's cosignature does not verify
	 */
	public List<Cosignature> cosignatures(String note) throws ProofException {
		return cosignatures(note, SignedNote.JDK_ED25519);
	}

	/** As {@link #cosignatures(String)}, with the Ed25519 check given. */
	public List<Cosignature> cosignatures(String note, SignedNote.Ed25519Check check) throws ProofException {
		SignedNote.Parsed parsed = SignedNote.parse(note);
		Map<String, Cosignature> valid = new LinkedHashMap<>();
		for (SignedNote.Line line : parsed.signatures()) {
			for (CosignerKey witness : this.witnesses) {
				Optional<Cosignature> cosignature = Cosignature.verify(parsed.text(), line, witness, check);
				cosignature.ifPresent(c -> valid.putIfAbsent(witness.name(), c));
			}
		}
		return new ArrayList<>(valid.values());
	}

	/**
	 * Checks the log's signature and the quorum of cosignatures.
	 * @return the checkpoint and the witnesses' cosignatures
	 * @throws ProofException naming what is missing
	 */
	public Witnessed verify(String note, NoteKey logKey) throws ProofException {
		return verify(note, logKey, SignedNote.JDK_ED25519);
	}

	/**
	 * As {@link #verify(String, NoteKey)}, with the Ed25519 check given for the log's
	 * signature and the cosignatures.
	 */
	public Witnessed verify(String note, NoteKey logKey, SignedNote.Ed25519Check check) throws ProofException {
		Checkpoint checkpoint = Checkpoint.parse(SignedNote.verify(note, logKey, check));
		if (!checkpoint.origin().equals(logKey.name())) {
			throw new ProofException(
					"The checkpoint's origin " + checkpoint.origin() + " is not the log's name " + logKey.name());
		}
		List<Cosignature> cosignatures = cosignatures(note, check);
		if (cosignatures.size() < this.quorum) {
			throw new NotWitnessed(cosignatures.size(), this.quorum);
		}
		return new Witnessed(checkpoint, cosignatures);
	}

	/** A checkpoint with the cosignatures that met the policy. */
	public record Witnessed(Checkpoint checkpoint, List<Cosignature> cosignatures) {

		public Witnessed {
			cosignatures = List.copyOf(cosignatures);
		}

	}

	/** Fewer valid cosignatures than the quorum. */
	public static final class NotWitnessed extends ProofException {

		private static final long serialVersionUID = 1L;

		private final int found;

		private final int required;

		NotWitnessed(int found, int required) {
			super("The checkpoint carries " + found + " valid cosignature(s) of the " + required + " required");
			this.found = found;
			this.required = required;
		}

		public int found() {
			return this.found;
		}

		public int required() {
			return this.required;
		}

	}

}
