package fr.mandat.structure;

import java.util.List;
import java.util.UUID;

/** Names of structures and aidants, for pages that list or choose them. */
public interface StaffNames {

	List<Named> structures();

	List<Named> aidants();

	/** An id and the name people know it by. */
	record Named(UUID id, String name) {
	}

}
