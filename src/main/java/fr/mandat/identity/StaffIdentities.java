package fr.mandat.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;

/**
 * The application's own record of the person behind an authentication. This module
 * decides on it but does not keep it: the module that keeps people implements this
 * interface, so that identity never depends on it.
 */
public interface StaffIdentities {

	/**
	 * The signed-in person's record, whether or not they may use the application, read
	 * from the database (at most once per request).
	 */
	Optional<StaffIdentity> find(@Nullable Authentication authentication);

	/** The signed-in person if they may use the application now. */
	default Optional<StaffIdentity> active(@Nullable Authentication authentication) {
		return find(authentication).filter(StaffIdentity::active);
	}

	/** Remembers when the aidant last signed in, in the caller's transaction. */
	void signedIn(UUID aidantId, Instant at);

	/**
	 * A person as identity needs them.
	 *
	 * @param active whether they may use the application now (habilitated, with a role)
	 * @param currentStructureId the structure they act for in this session, or null if
	 * they belong to none
	 * @param roles the names of the roles they hold, in any structure
	 */
	record StaffIdentity(UUID aidantId, String subject, boolean active, @Nullable UUID currentStructureId,
			Set<String> roles) {

		public StaffIdentity {
			roles = Set.copyOf(roles);
		}

		/** Whether they may use the application now with this role. */
		public boolean mayActAs(String role) {
			return this.active && this.roles.contains(role);
		}

	}

}
