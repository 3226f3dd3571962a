package fr.mandat.structure;

import java.util.Optional;

/** Finds the aidant record behind a signed-in person. */
public interface StaffDirectory {

	/**
	 * @param subject the identity provider's {@code sub} claim
	 */
	Optional<StaffMember> findBySubject(String subject);

}
