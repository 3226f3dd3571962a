package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;

/**
 * The national team appoints responsables and auditors, and takes those roles away. An
 * appointment is a habilitation request another admin approves ({@link Habilitations}):
 * four eyes, and nobody asks for a role for themselves.
 */
@Service
class Appointments {

	private final JdbcClient jdbc;

	private final HabilitationRequests requests;

	private final Newcomers newcomers;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Appointments(JdbcClient jdbc, HabilitationRequests requests, Newcomers newcomers, Journal journal,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.requests = requests;
		this.newcomers = newcomers;
		this.journal = journal;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Asks for a responsable or an auditor to be appointed. Four eyes: the appointment is
	 * a request that another admin approves ({@link Habilitations#approve}); a
	 * habilitated person then only gains the role, anyone else gets an account and an
	 * invitation. Nobody asks for a role for themselves: such an attempt is refused and
	 * journaled.
	 * @return the request's id
	 * @throws SelfGrantException when the admin names themselves
	 */
	UUID appoint(Actor admin, UUID structureId, Role role, PersonForm form) {
		if (role != Role.RESPONSABLE && role != Role.AUDITEUR) {
			throw new IllegalArgumentException("Only responsables and auditors are appointed");
		}
		Person person = Person.of(form);
		UUID adminId = Habilitations.personOf(admin);
		Object result = this.transactions.execute(status -> {
			if (!this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM structure WHERE id = ?)")
				.param(structureId)
				.query(Boolean.class)
				.single()) {
				throw new StaffRuleException(null, "Cette structure n'existe pas.");
			}
			Optional<Newcomers.Existing> existing = this.newcomers.byEmail(person.email());
			if (existing.isPresent() && existing.get().id().equals(adminId)) {
				this.journal.record(JournalRecord.of(admin, JournalAction.ACCESS_DENIED)
					.withPayload(Map.of("reason", SelfGrantException.SELF, "aidant", adminId.toString(), "structure",
							structureId.toString(), "role", role.name())));
				return SelfGrantException.SELF;
			}
			UUID aidantId;
			if (existing.isPresent() && existing.get().state() == AidantState.HABILITATED) {
				aidantId = existing.get().id();
				boolean holds = this.jdbc.sql(
						"SELECT EXISTS (SELECT 1 FROM membership WHERE aidant_id = ? AND structure_id = ? AND role = ?)")
					.params(aidantId, structureId, role.name())
					.query(Boolean.class)
					.single();
				if (holds) {
					throw new InvalidPersonException(
							Map.of("email", "Cette personne a déjà ce rôle dans la structure."));
				}
				if (this.requests.openFor(aidantId, structureId, role)) {
					throw new InvalidPersonException(
							Map.of("email", "Une demande est déjà en attente pour ce rôle et cette personne."));
				}
			}
			else {
				aidantId = this.newcomers.add(person, structureId, role);
			}
			UUID id = this.requests.insert(aidantId, structureId, role, adminId, HabilitationStatus.PENDING);
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_REQUESTED)
				.withPayload(Habilitations.requestPayload(id, aidantId, structureId, role)));
			return id;
		});
		if (result instanceof UUID id) {
			return id;
		}
		throw new SelfGrantException(String.valueOf(result));
	}

	/**
	 * Checks, before asking the admin for a confirmation of identity, that the role
	 * removal is not for themselves (it is checked again when carried out).
	 */
	void checkRemovable(Actor admin, UUID aidantId) {
		if (aidantId.equals(Habilitations.personOf(admin))) {
			throw new StaffRuleException(null, "Vous ne pouvez pas retirer vos propres rôles.");
		}
	}

	/**
	 * Takes a responsable or auditor role away. A person left with no role anywhere is
	 * deactivated, and their account closed once this commits
	 * ({@link AidantDeactivated}).
	 */
	void removeRole(Actor admin, UUID structureId, UUID aidantId, Role role) {
		checkRemovable(admin, aidantId);
		this.transactions.executeWithoutResult(status -> {
			int removed = this.jdbc.sql("DELETE FROM membership WHERE aidant_id = ? AND structure_id = ? AND role = ?")
				.params(aidantId, structureId, role.name())
				.update();
			if (removed == 0) {
				throw new StaffRuleException(null, "Cette personne n'a pas ce rôle dans la structure.");
			}
			this.journal.record(JournalRecord.of(admin, JournalAction.MEMBERSHIP_CHANGED)
				.withPayload(Map.of("aidant", aidantId.toString(), "structure", structureId.toString(), "removed",
						role.name())));
			boolean anyLeft = this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM membership WHERE aidant_id = ?)")
				.param(aidantId)
				.query(Boolean.class)
				.single();
			if (anyLeft) {
				return;
			}
			String found = this.jdbc
				.sql("SELECT subject FROM aidant WHERE id = ? AND state <> 'DEACTIVATED' FOR UPDATE")
				.param(aidantId)
				.query(String.class)
				.optional()
				.orElse(null);
			this.jdbc.sql(
					"UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ? AND state <> 'DEACTIVATED'")
				.params(Timestamp.from(this.clock.instant()), aidantId)
				.update();
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_CHANGED)
				.withPayload(Map.of("aidant", aidantId.toString(), "to", "DEACTIVATED", "reason", "plus aucun rôle")));
			if (found != null) {
				this.events.publishEvent(new AidantDeactivated(aidantId, found));
			}
		});
	}

	/** The people holding a role in a structure. */
	List<PersonRow> holders(UUID structureId, Role role) {
		return this.jdbc.sql("""
				SELECT a.id, a.given_name || ' ' || a.family_name AS name, a.email, a.state
				FROM membership m JOIN aidant a ON a.id = m.aidant_id
				WHERE m.structure_id = ? AND m.role = ?
				ORDER BY a.family_name, a.given_name
				""")
			.params(structureId, role.name())
			.query((rs, n) -> new PersonRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
					AidantState.valueOf(rs.getString("state"))))
			.list();
	}

	Optional<String> structureName(UUID structureId) {
		return this.jdbc.sql("SELECT name FROM structure WHERE id = ?")
			.param(structureId)
			.query(String.class)
			.optional();
	}

	/** The national team's own structure, where auditors are appointed. */
	UUID nationalStructure() {
		return this.jdbc.sql("SELECT id FROM structure WHERE kind = 'NATIONAL' ORDER BY created_at LIMIT 1")
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No national structure"));
	}

	record PersonRow(UUID id, String name, String email, AidantState state) {
	}

}
