package fr.mandat.mandate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Extension point: what was done for the usager under a mandate, told by the module that
 * did it (the démarches, today), for the mandate's history. The mandate module owns this
 * interface and never depends on its implementations, so its page can show démarches
 * without a dependency cycle (see ADR 0040).
 */
public interface MandateActivities {

	/** At most {@code limit} activities under the mandate, oldest first. */
	List<Activity> of(UUID mandateId, int limit);

	/**
	 * One thing done for the usager, with its final outcome.
	 *
	 * @param at when it was asked for
	 * @param title what it was, in French (« Obtenir une copie de l'avis d'impôt »)
	 * @param counterpart who it was done with (« Direction générale des finances
	 * publiques »)
	 * @param outcome the final outcome, in French (« Transmise », « Refusée par le
	 * partenaire », « En attente de réponse »)
	 * @param tone how the outcome reads: {@code success}, {@code warning} or
	 * {@code error}
	 * @param reference the counterpart's reference for it, if it gave one
	 * @param note what else matters (retries folded into the outcome), if anything
	 * @param aidantId who acted
	 */
	record Activity(Instant at, String title, String counterpart, String outcome, String tone,
			@Nullable String reference, @Nullable String note, UUID aidantId) {
	}

}
