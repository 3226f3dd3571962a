package fr.mandat.audit;

/**
 * A request to the auditors' space that cannot be served as asked; the message is French.
 */
class BadAuditRequest extends RuntimeException {

	private static final long serialVersionUID = 1L;

	BadAuditRequest(String message) {
		super(message);
	}

}
