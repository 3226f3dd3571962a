package fr.mandat.structure;

/** No structure has this id: the pages answer 404. */
public class StructureNotFoundException extends RuntimeException {

	StructureNotFoundException() {
		super("No such structure");
	}

}
