package fr.mandat.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The journal entries about mandates, for the mandate's page and the mandate module's
 * checks.
 */
public interface MandateHistory {

	/** At most {@code limit} entries about the mandate, oldest first. */
	List<Event> of(UUID mandateId, int limit);

	/**
	 * At most {@code limit} entries about the mandate with one of these actions, oldest
	 * first: the mandate's own story, without (say) the refusals other structures met.
	 */
	List<Event> of(UUID mandateId, Set<JournalAction> actions, int limit);

	/**
	 * Every entry that names a mandate, sealed ones in index order, then those waiting
	 * for the sequencer, read with a cursor. Call it inside a transaction to see the same
	 * snapshot as other reads.
	 */
	void forEach(Consumer<MandateEvent> events);

	/**
	 * One entry.
	 *
	 * @param index its place in the journal, once sequenced
	 * @param actorId who acted (an aidant's id), if known
	 * @param payload the entry's details
	 */
	record Event(UUID id, @Nullable Long index, Instant recordedAt, JournalAction action, @Nullable String actorId,
			Map<String, Object> payload) {
	}

	/** An entry about a mandate, for replaying mandates. */
	record MandateEvent(UUID mandateId, @Nullable Long index, JournalAction action, Map<String, Object> payload) {
	}

}
