package fr.mandat.journal;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One thing that happened, as a module reports it. The payload is small and holds digests
 * rather than raw personal data: a usager's data may be erased one day, an entry never
 * is.
 *
 * @param actor who did it
 * @param action what they did
 * @param mandateId the mandate concerned, if any
 * @param usagerRef the usager's pseudonymous reference, if any
 * @param demarche the démarche concerned, if any
 * @param payload details, as JSON-compatible values (strings, numbers, booleans, maps,
 * lists)
 */
public record JournalRecord(Actor actor, JournalAction action, @Nullable UUID mandateId, @Nullable String usagerRef,
		@Nullable String demarche, Map<String, ?> payload) {

	public JournalRecord {
		payload = Map.copyOf(payload);
	}

	public static JournalRecord of(Actor actor, JournalAction action) {
		return new JournalRecord(actor, action, null, null, null, Map.of());
	}

	public JournalRecord withPayload(Map<String, ?> details) {
		return new JournalRecord(this.actor, this.action, this.mandateId, this.usagerRef, this.demarche, details);
	}

	/** Who acted: an aidant (with the structure they acted for), a usager, the system. */
	public record Actor(ActorType type, @Nullable String id, @Nullable UUID structureId) {

		public static Actor aidant(UUID aidantId, @Nullable UUID structureId) {
			return new Actor(ActorType.AIDANT, aidantId.toString(), structureId);
		}

		/**
		 * The usager acting in their own space, known by their pseudonym only (never
		 * their name).
		 */
		public static Actor usager(String pseudonym) {
			return new Actor(ActorType.USAGER, pseudonym, null);
		}

		public static Actor system() {
			return new Actor(ActorType.SYSTEM, null, null);
		}

	}

	public enum ActorType {

		AIDANT, USAGER, AUDITEUR, SYSTEM,
		/** Signed in at the identity provider, unknown to the application. */
		UNKNOWN_STAFF

	}

}
