package fr.mandat.journal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One page of search results.
 *
 * @param next where the next page starts, or null on the last page
 */
public record JournalPage(List<Item> entries, JournalQuery.@Nullable Cursor next) {

	/**
	 * An entry as auditors see it in a list.
	 *
	 * @param index its place in the tree, or null while it waits for the sequencer
	 */
	public record Item(UUID id, @Nullable Long index, Instant recordedAt, String action, String actorType,
			@Nullable String actorId, @Nullable UUID structureId, @Nullable UUID mandateId, @Nullable String usagerRef,
			@Nullable String demarche, String payload) {
	}

}
