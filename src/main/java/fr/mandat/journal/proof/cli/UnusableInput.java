package fr.mandat.journal.proof.cli;

/** Input the verifier cannot use (unreadable file, missing field, bad key). */
final class UnusableInput extends RuntimeException {

	private static final long serialVersionUID = 1L;

	UnusableInput(String message) {
		super(message);
	}

}
