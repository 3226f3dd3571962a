package fr.mandat.journal;

/** A request for something the signed journal does not have, or cannot give. */
public class JournalQueryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean notFound;

	private JournalQueryException(String message, boolean notFound) {
		super(message);
		this.notFound = notFound;
	}

	static JournalQueryException notFound(String message) {
		return new JournalQueryException(message, true);
	}

	static JournalQueryException invalid(String message) {
		return new JournalQueryException(message, false);
	}

	/** Never null: every constructor takes a message (a French one, shown to people). */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	/** True when the request was well formed but names what does not exist. */
	public boolean isNotFound() {
		return this.notFound;
	}

}
