package fr.mandat.demarche;

/**
 * No démarche (or no mandate visible to the aidant) answers to the address: the pages
 * answer 404.
 */
public class UnknownDemarcheException extends RuntimeException {

	UnknownDemarcheException() {
		super("No such démarche");
	}

}
