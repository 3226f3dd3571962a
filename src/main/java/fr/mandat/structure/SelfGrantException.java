package fr.mandat.structure;

/**
 * An admin tried to decide alone: approving a request they made, or granting a role to
 * themselves. The message is French.
 */
public class SelfGrantException extends RuntimeException {

	static final String FOUR_EYES = "four-eyes";

	static final String SELF = "self-grant";

	private final String reason;

	SelfGrantException(String reason) {
		super(FOUR_EYES.equals(reason)
				? "Vous avez fait cette demande : une autre personne de l'équipe nationale doit la décider."
				: "Vous ne pouvez pas vous attribuer un rôle : une autre personne de l'équipe nationale doit le faire.");
		this.reason = reason;
	}

	/**
	 * Never null: every constructor takes a message (a French one, shown to people).
	 */
	@Override
	public String getMessage() {
		return java.util.Objects.requireNonNull(super.getMessage());
	}

	String reason() {
		return this.reason;
	}

}
