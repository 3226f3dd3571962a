package fr.mandat.structure;

/** No habilitation request has this id: the pages answer 404. */
public class RequestNotFoundException extends RuntimeException {

	RequestNotFoundException() {
		super("No such habilitation request");
	}

}
