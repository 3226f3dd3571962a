package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The aidant records of people being brought into Mandat: created (or a former aidant
 * reinstated) when someone asks for them, given their membership, habilitated once their
 * account exists, withdrawn when the request is refused. Callers hold the transaction.
 */
@Repository
class Newcomers {

	private final JdbcClient jdbc;

	private final Clock clock;

	Newcomers(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A person asked for in a structure and role: a new aidant record, or a former aidant
	 * reinstated (same person, same account once approved), with the membership.
	 * @return the aidant's id
	 * @throws InvalidPersonException when the address already belongs to someone active
	 * or asked for
	 */
	UUID add(Person person, UUID structureId, Role role) {
		Instant now = this.clock.instant();
		Optional<Existing> existing = byEmail(person.email());
		UUID aidantId;
		if (existing.isPresent()) {
			AidantState state = existing.get().state();
			if (state == AidantState.REQUESTED) {
				throw new InvalidPersonException(
						Map.of("email", "Une demande d'habilitation est déjà en cours pour cette adresse e-mail."));
			}
			if (state != AidantState.DEACTIVATED) {
				throw new InvalidPersonException(
						Map.of("email", "Une personne utilise déjà cette adresse e-mail dans Mandat."));
			}
			// A former aidant comes back: same person, same account once approved.
			aidantId = existing.get().id();
			this.jdbc.sql("""
					UPDATE aidant SET given_name = ?, family_name = ?, state = 'REQUESTED', state_changed_at = ?
					WHERE id = ?
					""").params(person.givenName(), person.familyName(), Timestamp.from(now), aidantId).update();
		}
		else {
			aidantId = UUID.randomUUID();
			try {
				this.jdbc
					.sql("""
							INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, state_changed_at)
							VALUES (?, NULL, ?, ?, ?, 'REQUESTED', ?, ?)
							""")
					.params(aidantId, person.givenName(), person.familyName(), person.email(), Timestamp.from(now),
							Timestamp.from(now))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Another request for the same address committed meanwhile.
				throw new InvalidPersonException(
						Map.of("email", "Une personne utilise déjà cette adresse e-mail dans Mandat."));
			}
		}
		addMembership(aidantId, structureId, role, now);
		return aidantId;
	}

	/**
	 * The person holding this (lower-cased) address, locked until the transaction ends.
	 */
	Optional<Existing> byEmail(String email) {
		return this.jdbc.sql("SELECT id, state FROM aidant WHERE lower(email) = ? FOR UPDATE")
			.param(email)
			.query((rs, n) -> new Existing(rs.getObject("id", UUID.class), AidantState.valueOf(rs.getString("state"))))
			.optional();
	}

	/**
	 * Whether the person is habilitated, locking their record until the transaction ends.
	 */
	boolean habilitated(UUID aidantId) {
		return this.jdbc.sql("SELECT state FROM aidant WHERE id = ? FOR UPDATE")
			.param(aidantId)
			.query(String.class)
			.optional()
			.map(AidantState.HABILITATED.name()::equals)
			.orElse(false);
	}

	void addMembership(UUID aidantId, UUID structureId, Role role, Instant since) {
		this.jdbc.sql("""
				INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING
				""").params(aidantId, structureId, role.name(), Timestamp.from(since)).update();
	}

	/**
	 * The person asked for was refused: they leave the structure, and someone who never
	 * had an account is deactivated.
	 */
	void withdraw(UUID aidantId, UUID structureId, Role role) {
		this.jdbc.sql("DELETE FROM membership WHERE aidant_id = ? AND structure_id = ? AND role = ?")
			.params(aidantId, structureId, role.name())
			.update();
		this.jdbc
			.sql("UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ? AND state = 'REQUESTED'")
			.params(Timestamp.from(this.clock.instant()), aidantId)
			.update();
	}

	/**
	 * The person's account exists: they are habilitated, linked to it by its subject.
	 */
	void habilitate(UUID aidantId, String subject) {
		this.jdbc.sql("""
				UPDATE aidant SET subject = ?, state = 'HABILITATED',
				  state_changed_at = CASE WHEN state = 'HABILITATED' THEN state_changed_at ELSE ? END
				WHERE id = ?
				""").params(subject, Timestamp.from(this.clock.instant()), aidantId).update();
	}

	record Existing(UUID id, AidantState state) {
	}

}
