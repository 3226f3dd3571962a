package fr.mandat.structure;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Whether an aidant may act for a structure at this very moment, for a module that
 * records the action in its own transaction (a démarche): asked through this API so that
 * no other module reads the structure's tables.
 */
public interface HabilitatedAidants {

	/**
	 * The aidant, if habilitated and an aidant of the structure, with what an action
	 * needs from the structure; in one statement that share-locks the aidant's row, then
	 * their membership, until the caller's transaction ends: a deactivation or a removal
	 * from the structure committed before is seen, one in progress waits for the caller.
	 * Must run inside a transaction.
	 * @return empty if the aidant is not habilitated, or not an aidant of this structure
	 */
	Optional<HabilitatedAidant> lockHabilitatedAidant(UUID aidantId, UUID structureId);

	/**
	 * @param siret the structure's SIRET, empty if it has none (named in delegation
	 * tokens)
	 * @param categories the démarche categories the structure offers
	 */
	record HabilitatedAidant(UUID aidantId, UUID structureId, String siret, Set<DemarcheCategory> categories) {

		public HabilitatedAidant {
			categories = Set.copyOf(categories);
		}

	}

}
