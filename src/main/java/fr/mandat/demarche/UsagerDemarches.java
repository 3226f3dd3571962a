package fr.mandat.demarche;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The démarches carried out for one usager, for the usager's own space: found through the
 * usager's pseudonym only.
 */
public interface UsagerDemarches {

	/** Every démarche carried out for the usager, oldest first. */
	List<DoneForUsager> of(String usagerPseudonym);

	/**
	 * What was sent to the partner for each of the usager's démarches (their data
	 * export): the input as typed at the counter, by execution.
	 */
	Map<UUID, Map<String, Object>> inputs(String usagerPseudonym);

	/**
	 * One démarche.
	 *
	 * @param title what it was, in French
	 * @param partner at which partner, in French
	 * @param aidantId who did it
	 * @param aidantName their name, as their colleagues know them
	 * @param aidantName their name, as their colleagues know them
	 * @param outcome its outcome, in French
	 * @param tone {@code success}, {@code warning} or {@code error}
	 * @param partnerReference the partner's reference, if it gave one
	 */
	record DoneForUsager(UUID executionId, UUID mandateId, String demarche, String title, String partner, UUID aidantId,
			String aidantName, UUID structureId, Instant requestedAt, @Nullable Instant completedAt, String status,
			String outcome, String tone, @Nullable String partnerReference) {
	}

}
