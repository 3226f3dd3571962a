package fr.mandat.structure;

import java.util.Set;
import java.util.UUID;

/** Which démarche categories a structure may use. */
public interface StructureCategories {

	/**
	 * The categories the structure allows, in the catalogue's order; empty if unknown.
	 */
	Set<DemarcheCategory> allowed(UUID structureId);

}
