package fr.mandat.structure;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The staff accounts at the identity provider, as this module needs them: created (or
 * enabled again) with an invitation when a habilitation takes effect, disabled with their
 * sessions ended when a person leaves. Implemented next to the identity provider's admin
 * client ({@link KeycloakAccounts}).
 */
interface StaffAccounts {

	/**
	 * Makes sure the person has an enabled account that asks for new credentials at its
	 * first sign-in, and sends them the invitation. Safe to repeat: an account already
	 * holding the e-mail address is reused, never duplicated.
	 * @throws AccountsUnavailableException when the identity provider cannot be reached
	 * or refuses
	 */
	Provisioned provision(String email, String givenName, String familyName, Invitation invitation);

	/**
	 * Disables the account and ends all its sessions. Safe to repeat.
	 * @throws AccountsUnavailableException when the identity provider cannot be reached
	 * or refuses
	 */
	void disableAndSignOut(String subject);

	/**
	 * Who the invitation names.
	 *
	 * @param invitedBy the person who asked for the account (a responsable, or the admin
	 * who appointed)
	 * @param structureName the structure the person joins, with its article (« la Mairie
	 * de Saint-Aubin »), as the e-mail's sentence needs it
	 */
	record Invitation(String invitedBy, String structureName) {
	}

	/**
	 * An account ready for its invitation.
	 *
	 * @param id the account's id (the person's token subject)
	 * @param existed whether the account was there already (a person coming back)
	 * @param removedCredentials the types of the credentials removed from it
	 * @param requiredActions what the invitation asks the person to do
	 */
	record Provisioned(String id, boolean existed, List<String> removedCredentials, List<String> requiredActions) {
	}

	/** The identity provider could not carry out the change; the caller may retry. */
	class AccountsUnavailableException extends RuntimeException {

		AccountsUnavailableException(@Nullable Throwable cause) {
			super("The identity provider's admin API could not carry out the change", cause);
		}

	}

}
