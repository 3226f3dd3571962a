package fr.mandat.audit;

/**
 * A request to the auditors' space that cannot be served as asked; the message is French.
 */
class BadAuditRequest extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String field;

	BadAuditRequest(String field, String message) {
		super(message);
		this.field = field;
	}

	/** Never null: every constructor takes a message (a French one, shown to people). */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	/** The search criterion at fault, to show the message beside it. */
	String field() {
		return this.field;
	}

}
