package fr.mandat.journal.proof.cli;

import org.jspecify.annotations.Nullable;

/**
 * A check that failed, with its kind when it has a name: what an auditor must tell apart.
 */
final class Failure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Kind kind;

	Failure(@Nullable Kind kind, String message) {
		super(message);
		this.kind = kind;
	}

	@Nullable Kind kind() {
		return this.kind;
	}

	/** The named ways a journal shown to you differs from the one you trust. */
	enum Kind {

		/** Older (smaller) than the checkpoint you trust: the journal went back. */
		ROLLBACK("retour en arrière"),
		/** Entries missing from an export that claims to be complete. */
		TRUNCATION("troncature"),
		/** Not an extension of the checkpoint you trust: another history. */
		FORK("vue divergente"),
		/** Not cosigned by enough of the witnesses you trust. */
		NOT_WITNESSED("non témoigné"),
		/** A mandate's state differs from what the journal recorded. */
		MANDATE("mandat");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

}
