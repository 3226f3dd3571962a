package fr.mandat.structure;

/** Where an aidant stands in the habilitation process. */
public enum AidantState {

	REQUESTED, IN_TRAINING, HABILITATED, DEACTIVATED

}
