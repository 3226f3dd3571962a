package fr.mandat.usager;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * When a usager's mandates end, for the retention rule (ADR 0106). The mandate module
 * implements it; this module cannot read mandates itself.
 */
public interface UsagerMandateEnds {

	/**
	 * For each of these usagers who has any mandate, when the last of them ends or ended:
	 * its end date, or its revocation when that came sooner. Usagers without a mandate
	 * are left out.
	 */
	Map<UUID, Instant> lastEnds(Collection<UUID> usagerIds);

}
