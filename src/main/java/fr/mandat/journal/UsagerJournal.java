package fr.mandat.journal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the journal holds about one usager, for the usager's own space: the entries that
 * name their pseudonym, and for each a receipt (a C2SP tlog-proof against the witnessed
 * checkpoint) that anyone can check with the offline verifier. Found through the
 * pseudonym only.
 */
public interface UsagerJournal {

	/** At most {@code limit} entries naming the usager, oldest first. */
	List<Entry> entries(String usagerPseudonym, int limit);

	/**
	 * The receipt of an entry naming the usager; empty when there is no such entry or it
	 * names someone else (both look the same to the caller).
	 */
	Optional<Receipt> receipt(UUID entryId, String usagerPseudonym);

	/**
	 * One entry.
	 *
	 * @param index its place in the journal, once sequenced
	 * @param actorType {@code AIDANT}, {@code USAGER}, {@code SYSTEM}…
	 * @param actorId who acted (an aidant's id, the usager's pseudonym), if known
	 */
	record Entry(UUID id, @Nullable Long index, Instant recordedAt, JournalAction action, String actorType,
			@Nullable String actorId, @Nullable UUID structureId, @Nullable UUID mandateId, @Nullable String demarche,
			Map<String, Object> payload) {

		public Entry {
			payload = Map.copyOf(payload);
		}

		/** The payload's value as text, if it has one under this name. */
		public @Nullable String text(String name) {
			Object value = this.payload.get(name);
			return (value != null) ? value.toString() : null;
		}

	}

	/**
	 * A receipt.
	 *
	 * @param canonicalEntry the entry exactly as it was hashed into the journal
	 * @param proof the C2SP tlog-proof file, or null while the entry is not yet in a
	 * witnessed checkpoint
	 * @param treeSize the size of the checkpoint the proof leads to
	 * @param origin the journal's name in its checkpoints
	 * @param journalKey the journal's verifier key (to be compared with the one the
	 * operator publishes)
	 * @param witnesses the witnesses whose cosignature this server checked, by name
	 * @param witnessKeys the verifier keys of the witnesses this journal is configured
	 * with (to be compared with those their operators publish)
	 * @param witnessKeys the verifier keys of the witnesses this journal is configured
	 * with (to be compared with those their operators publish)
	 * @param quorum how many witnesses must have cosigned
	 * @param verified whether this server checked the proof against the checkpoint's
	 * signature, the witnesses' cosignatures and the entry's hash
	 */
	record Receipt(Entry entry, @Nullable String canonicalEntry, @Nullable String proof, long treeSize, String origin,
			String journalKey, List<String> witnesses, List<String> witnessKeys, int quorum, boolean verified) {

		public Receipt {
			witnesses = List.copyOf(witnesses);
			witnessKeys = List.copyOf(witnessKeys);
		}

		/** Whether the entry is already in a (witnessed) checkpoint. */
		public boolean sealed() {
			return this.proof != null;
		}

	}

}
