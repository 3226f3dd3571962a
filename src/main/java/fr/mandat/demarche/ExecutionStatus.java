package fr.mandat.demarche;

/**
 * Where a démarche execution stands (the {@code demarche_execution.status} column holds
 * the name). Settled statuses never change again; the others wait for the partner or for
 * the reconciliation job.
 */
public enum ExecutionStatus {

	/**
	 * Checks passed and the partner is being called (or the call's ending is not yet
	 * recorded).
	 */
	REQUESTED(false, "En attente de la réponse du partenaire", "warning"),

	/** The partner received it and said so. */
	ACCEPTED(true, "Transmise au partenaire", "success"),

	/** The partner received it and refused it. */
	REFUSED(true, "Refusée par le partenaire", "error"),

	/** The partner never received it (it said so, or could not be reached). */
	NOT_SENT(true, "Non transmise (le partenaire ne l’a pas reçue)", "error"),

	/**
	 * The call ended without an answer: the reconciliation job asks the partner again.
	 */
	UNKNOWN(false, "En attente de la réponse du partenaire", "warning"),

	/**
	 * Mandat refused it when it was about to be sent (authority withdrawn in between).
	 */
	DENIED(true, "Non transmise : Mandat l’a refusée au moment de l’envoi", "error");

	private final boolean settled;

	private final String historyLabel;

	private final String tone;

	ExecutionStatus(boolean settled, String historyLabel, String tone) {
		this.settled = settled;
		this.historyLabel = historyLabel;
		this.tone = tone;
	}

	/** Whether it can still change (false while the partner's answer is awaited). */
	public boolean settled() {
		return this.settled;
	}

	/** How a mandate's history tells it, in French. */
	public String historyLabel() {
		return this.historyLabel;
	}

	/** {@code success}, {@code warning} or {@code error}, for the page's colours. */
	public String tone() {
		return this.tone;
	}

}
