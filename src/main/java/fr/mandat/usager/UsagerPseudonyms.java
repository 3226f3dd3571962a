package fr.mandat.usager;

import java.time.Instant;
import java.util.Optional;

import fr.mandat.usager.Usagers.UsagerIdentity;

/**
 * A usager signed in at the usagers' identity provider, known by the same pseudonym as
 * the one the mandates made after their identification store: the usager's own space
 * finds everything through it and never through names.
 */
public interface UsagerPseudonyms {

	/**
	 * The pseudonym of the identity provider's subject.
	 * @throws IdentificationException when the issuer is not the usagers' identity
	 * provider
	 */
	String of(String issuer, String subject);

	/**
	 * When the usager's personal data was erased under the retention rule, if it was:
	 * their space then says there is nothing left.
	 */
	Optional<Instant> erasedAt(String pseudonym);

	/**
	 * The usager's personal data, decrypted, if Mandat holds any under this pseudonym.
	 */
	Optional<UsagerIdentity> identity(String pseudonym);

}
