package fr.mandat.structure;

import java.util.Optional;

/** Finds the aidant record behind a signed-in person. */
public interface StaffDirectory {

	/**
	 * @param subject the identity provider's {@code sub} claim
	 */
	Optional<StaffMember> findBySubject(String subject);

	/** Remembers when the aidant last signed in, in the caller's transaction. */
	void signedIn(java.util.UUID aidantId, java.time.Instant at);

}
