package fr.mandat.identity;

/**
 * A confirmed sensitive action that could not be carried out after all (the mandate was
 * revoked meanwhile, the person changed structure…). The message, in French, tells the
 * person what was not done and why.
 */
public class ActionNotDone extends RuntimeException {

	private final String returnTo;

	public ActionNotDone(String message, String returnTo) {
		super(message);
		this.returnTo = returnTo;
	}

	/** Never null: every constructor takes a message (a French one, shown to people). */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	/** Where the person can go on from. */
	public String returnTo() {
		return this.returnTo;
	}

}
