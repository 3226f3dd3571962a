package fr.mandat.demarche;

/**
 * What the démarche pages and the démarche API share about a request to carry one out,
 * kept apart so that neither controller reaches into the other's statics.
 */
final class DemarcheRequests {

	/** Longest value kept from one field (the input records set tighter limits). */
	static final int MAX_VALUE = 1000;

	/** The kind of sensitive action that carries out a démarche in « Argent ». */
	static final String EXECUTE = "demarche.execute";

	private DemarcheRequests() {
	}

}
