package fr.mandat.journal.proof;

/** A proof, checkpoint or signature that does not verify. */
public class ProofException extends Exception {

	private static final long serialVersionUID = 1L;

	public ProofException(String message) {
		super(message);
	}

}
