package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffAccounts.AccountsUnavailableException;
import fr.mandat.structure.StaffMember.StructureRef;

/**
 * Bringing people into Mandat: a responsable requests an aidant's habilitation, the
 * national team approves or refuses it, and approval provisions the Keycloak account. The
 * national team also appoints responsables and auditors directly.
 *
 * <p>
 * Every decision commits with its journal entry and, when an account is needed, a
 * {@link HabilitationApproved} event; the identity provider is then asked to create (or
 * enable) the account and send the invitation ({@link AccountFollowUps}). Until it has,
 * the request shows as {@code PROVISIONING} (« compte en cours de création »); a failure
 * leaves the event's publication incomplete, to be submitted again, and the step finds
 * the account by e-mail rather than creating a second one.
 */
@Service
class Habilitations {

	private static final Logger logger = LoggerFactory.getLogger(Habilitations.class);

	static final int MAX_REASON = 500;

	static final int MAX_NAME = 100;

	static final int MAX_EMAIL = 254;

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

	private final JdbcClient jdbc;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final StaffAccounts keycloak;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Habilitations(JdbcClient jdbc, Journal journal, TransactionTemplate transactions, StaffAccounts keycloak,
			ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.transactions = transactions;
		this.keycloak = keycloak;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A responsable asks for a new aidant in their structure; the national team decides.
	 * @return the request's id
	 * @throws InvalidPersonException with a French message per field
	 */
	UUID request(StaffMember responsable, StructureRef structure, PersonForm form) {
		Person person = validate(form);
		Actor actor = Actor.aidant(responsable.aidantId(), structure.id());
		return this.transactions.execute(status -> {
			UUID aidantId = newPerson(person, structure.id(), Role.AIDANT);
			UUID requestId = insertRequest(aidantId, structure.id(), Role.AIDANT, responsable.aidantId(), "PENDING");
			this.journal.record(JournalRecord.of(actor, JournalAction.HABILITATION_REQUESTED)
				.withPayload(requestPayload(requestId, aidantId, structure.id(), Role.AIDANT)));
			return requestId;
		});
	}

	/**
	 * Requests awaiting the national team: undecided, or approved with no account yet.
	 */
	List<RequestRow> open() {
		return rows("r.status IN ('PENDING', 'PROVISIONING')", Map.of());
	}

	/** A structure's requests that are open or were refused in the last 90 days. */
	List<RequestRow> ofStructure(UUID structureId) {
		return rows("""
				r.structure_id = :structure AND (r.status IN ('PENDING', 'PROVISIONING')
				  OR (r.status = 'REFUSED' AND r.decided_at > :since))""", Map.of("structure", structureId, "since",
				Timestamp.from(this.clock.instant().minusSeconds(90 * 86400L))));
	}

	Optional<RequestRow> find(UUID requestId) {
		return rows("r.id = :id", Map.of("id", requestId)).stream().findFirst();
	}

	/**
	 * Approves a pending request: journaled with a {@link HabilitationApproved} event
	 * when the person needs an account, which is provisioned once this commits. Four
	 * eyes: the admin who approves is neither the person who asked nor the person the
	 * request is for; such an attempt is refused and journaled, and changes nothing.
	 * @throws SelfGrantException when the admin asked for this request or is its subject
	 */
	void approve(Actor admin, UUID requestId) {
		UUID approver = personOf(admin);
		Outcome outcome = this.transactions.execute(status -> {
			Request request = lock(requestId);
			if (!"PENDING".equals(request.status())) {
				throw new StaffRuleException(null, "Cette demande a déjà été traitée.");
			}
			String refusal = request.aidantId().equals(approver) ? SelfGrantException.SELF
					: request.requestedBy().equals(approver) ? SelfGrantException.FOUR_EYES : null;
			if (refusal != null) {
				Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
						request.role());
				payload.put("reason", refusal);
				this.journal.record(JournalRecord.of(admin, JournalAction.ACCESS_DENIED).withPayload(payload));
				return new Outcome(refusal);
			}
			Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
					request.role());
			if (habilitated(request.aidantId())) {
				// A habilitated person appointed to a new role: nothing to provision.
				decide(requestId, admin, "APPROVED", null);
				this.jdbc.sql("""
						INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, ?, ?)
						ON CONFLICT DO NOTHING
						""")
					.params(request.aidantId(), request.structureId(), request.role().name(),
							Timestamp.from(this.clock.instant()))
					.update();
				this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_APPROVED).withPayload(payload));
				this.journal.record(JournalRecord.of(admin, JournalAction.MEMBERSHIP_CHANGED)
					.withPayload(Map.of("aidant", request.aidantId().toString(), "structure",
							request.structureId().toString(), "added", request.role().name())));
				return new Outcome(null);
			}
			decide(requestId, admin, "PROVISIONING", null);
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_APPROVED).withPayload(payload));
			this.events.publishEvent(new HabilitationApproved(requestId));
			return new Outcome(null);
		});
		if (outcome != null && outcome.refusal() != null) {
			throw new SelfGrantException(outcome.refusal());
		}
	}

	/** Whether the request is approved but its account not created yet. */
	boolean awaitsAccount(UUID requestId) {
		return find(requestId).map(request -> "PROVISIONING".equals(request.status())).orElse(false);
	}

	/**
	 * Checks, before asking the admin for a confirmation of identity, that they may
	 * approve this request now (still pending, four eyes); a refusal is journaled as by
	 * {@link #approve}, which checks everything again once confirmed.
	 * @throws SelfGrantException when the admin asked for this request or is its subject
	 */
	void checkApprovable(Actor admin, UUID requestId) {
		UUID approver = personOf(admin);
		Optional<String> refusal = this.transactions.execute(status -> {
			Request request = lock(requestId);
			if (!"PENDING".equals(request.status())) {
				throw new StaffRuleException(null, "Cette demande a déjà été traitée.");
			}
			String found = request.aidantId().equals(approver) ? SelfGrantException.SELF
					: request.requestedBy().equals(approver) ? SelfGrantException.FOUR_EYES : null;
			if (found != null) {
				Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
						request.role());
				payload.put("reason", found);
				this.journal.record(JournalRecord.of(admin, JournalAction.ACCESS_DENIED).withPayload(payload));
			}
			return Optional.ofNullable(found);
		});
		if (refusal != null && refusal.isPresent()) {
			throw new SelfGrantException(refusal.get());
		}
	}

	/**
	 * Checks, before asking the admin for a confirmation of identity, that the role
	 * removal is not for themselves (it is checked again when carried out).
	 */
	void checkRemovable(Actor admin, UUID aidantId) {
		if (aidantId.equals(personOf(admin))) {
			throw new StaffRuleException(null, "Vous ne pouvez pas retirer vos propres rôles.");
		}
	}

	/** Refuses a pending request with a reason the responsable will read. */
	void refuse(Actor admin, UUID requestId, @Nullable String reason) {
		String why = (reason != null) ? reason.strip() : "";
		if (why.isEmpty()) {
			throw new StaffRuleException("motif", "Indiquez le motif du refus.");
		}
		if (why.length() > MAX_REASON) {
			throw new StaffRuleException("motif", "Le motif ne doit pas dépasser " + MAX_REASON + " caractères.");
		}
		this.transactions.executeWithoutResult(status -> {
			Request request = lock(requestId);
			if (!"PENDING".equals(request.status())) {
				throw new StaffRuleException(null, "Cette demande a déjà été traitée.");
			}
			decide(requestId, admin, "REFUSED", why);
			// The person asked for never had an account: they leave the structure.
			this.jdbc.sql("DELETE FROM membership WHERE aidant_id = ? AND structure_id = ? AND role = ?")
				.params(request.aidantId(), request.structureId(), request.role().name())
				.update();
			this.jdbc.sql(
					"UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ? AND state = 'REQUESTED'")
				.params(Timestamp.from(this.clock.instant()), request.aidantId())
				.update();
			Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
					request.role());
			payload.put("reason", why);
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_REFUSED).withPayload(payload));
		});
	}

	/**
	 * Creates or enables the Keycloak account of an approved request and sends its
	 * invitation, then records the account. Safe to repeat; does nothing once the account
	 * is recorded. Called by {@link AccountFollowUps} for {@link HabilitationApproved}.
	 * @throws AccountsUnavailableException when the identity provider failed (the caller
	 * retries)
	 */
	void provision(UUID requestId) {
		record Invited(Person person, StaffAccounts.Invitation invitation) {
		}
		Invited invited = this.jdbc.sql("""
				SELECT a.given_name, a.family_name, a.email,
				  b.given_name || ' ' || b.family_name AS invited_by, s.name AS structure
				FROM habilitation_request r JOIN aidant a ON a.id = r.aidant_id
				  JOIN aidant b ON b.id = r.requested_by JOIN structure s ON s.id = r.structure_id
				WHERE r.id = ? AND r.status = 'PROVISIONING'
				""")
			.param(requestId)
			.query((rs, n) -> new Invited(
					new Person(rs.getString("given_name"), rs.getString("family_name"), rs.getString("email")),
					new StaffAccounts.Invitation(rs.getString("invited_by"),
							French.theStructure(rs.getString("structure")))))
			.optional()
			.orElse(null);
		if (invited == null) {
			return;
		}
		Person person = invited.person();
		StaffAccounts.Provisioned account = this.keycloak.provision(person.email(), person.givenName(),
				person.familyName(), invited.invitation());
		try {
			this.transactions.executeWithoutResult(status -> {
				Request request = lock(requestId);
				if (!"PROVISIONING".equals(request.status())) {
					return;
				}
				Instant now = this.clock.instant();
				this.jdbc.sql("""
						UPDATE aidant SET subject = ?, state = 'HABILITATED',
						  state_changed_at = CASE WHEN state = 'HABILITATED' THEN state_changed_at ELSE ? END
						WHERE id = ?
						""").params(account.id(), Timestamp.from(now), request.aidantId()).update();
				this.jdbc.sql("UPDATE habilitation_request SET status = 'APPROVED' WHERE id = ?")
					.param(requestId)
					.update();
				Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
						request.role());
				payload.put("account", account.id());
				if (account.existed()) {
					// A former account comes back: it was enabled again with its old
					// password and one-time code removed, both to be chosen anew.
					payload.put("reinstated", true);
					payload.put("credentialsRemoved", account.removedCredentials());
					payload.put("requiredActions", account.requiredActions());
				}
				this.journal
					.record(JournalRecord.of(Actor.system(), JournalAction.ACCOUNT_PROVISIONED).withPayload(payload));
			});
		}
		catch (DuplicateKeyException ex) {
			// The Keycloak account holding this e-mail already belongs to another person:
			// leave the request for the national team to sort out.
			logger.warn("Account of habilitation request {} belongs to another person", requestId);
		}
	}

	/**
	 * Asks for a responsable or an auditor to be appointed. Four eyes: the appointment is
	 * a request that another admin approves ({@link #approve}); a habilitated person then
	 * only gains the role, anyone else gets an account and an invitation. Nobody asks for
	 * a role for themselves: such an attempt is refused and journaled.
	 * @return the request's id
	 * @throws SelfGrantException when the admin names themselves
	 */
	UUID appoint(Actor admin, UUID structureId, Role role, PersonForm form) {
		if (role != Role.RESPONSABLE && role != Role.AUDITEUR) {
			throw new IllegalArgumentException("Only responsables and auditors are appointed");
		}
		Person person = validate(form);
		UUID adminId = personOf(admin);
		Object result = this.transactions.execute(status -> {
			if (!this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM structure WHERE id = ?)")
				.param(structureId)
				.query(Boolean.class)
				.single()) {
				throw new StaffRuleException(null, "Cette structure n'existe pas.");
			}
			Optional<Existing> existing = existing(person.email());
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
				boolean asked = this.jdbc
					.sql("""
							SELECT EXISTS (SELECT 1 FROM habilitation_request
							  WHERE aidant_id = ? AND structure_id = ? AND role = ? AND status IN ('PENDING', 'PROVISIONING'))
							""")
					.params(aidantId, structureId, role.name())
					.query(Boolean.class)
					.single();
				if (asked) {
					throw new InvalidPersonException(
							Map.of("email", "Une demande est déjà en attente pour ce rôle et cette personne."));
				}
			}
			else {
				aidantId = newPerson(person, structureId, role);
			}
			UUID id = insertRequest(aidantId, structureId, role, adminId, "PENDING");
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_REQUESTED)
				.withPayload(requestPayload(id, aidantId, structureId, role)));
			return id;
		});
		if (result instanceof UUID id) {
			return id;
		}
		throw new SelfGrantException(String.valueOf(result));
	}

	/**
	 * Takes a responsable or auditor role away. A person left with no role anywhere is
	 * deactivated, and their account closed once this commits
	 * ({@link AidantDeactivated}).
	 */
	void removeRole(Actor admin, UUID structureId, UUID aidantId, Role role) {
		if (aidantId.equals(personOf(admin))) {
			throw new StaffRuleException(null, "Vous ne pouvez pas retirer vos propres rôles.");
		}
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

	/** The open request of a person appointed but not yet provisioned, if any. */
	Optional<UUID> pendingAccount(UUID aidantId) {
		return this.jdbc.sql(
				"SELECT id FROM habilitation_request WHERE aidant_id = ? AND status = 'PROVISIONING' ORDER BY requested_at DESC LIMIT 1")
			.param(aidantId)
			.query(UUID.class)
			.optional();
	}

	private boolean habilitated(UUID aidantId) {
		return this.jdbc.sql("SELECT state FROM aidant WHERE id = ? FOR UPDATE")
			.param(aidantId)
			.query(String.class)
			.optional()
			.map(AidantState.HABILITATED.name()::equals)
			.orElse(false);
	}

	private UUID newPerson(Person person, UUID structureId, Role role) {
		Instant now = this.clock.instant();
		Optional<Existing> existing = existing(person.email());
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
		this.jdbc.sql("""
				INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING
				""").params(aidantId, structureId, role.name(), Timestamp.from(now)).update();
		return aidantId;
	}

	private Optional<Existing> existing(String email) {
		return this.jdbc.sql("SELECT id, state FROM aidant WHERE lower(email) = ? FOR UPDATE")
			.param(email)
			.query((rs, n) -> new Existing(rs.getObject("id", UUID.class), AidantState.valueOf(rs.getString("state"))))
			.optional();
	}

	private UUID insertRequest(UUID aidantId, UUID structureId, Role role, UUID requestedBy, String status) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO habilitation_request (id, aidant_id, structure_id, role, requested_by, requested_at, status)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(id, aidantId, structureId, role.name(), requestedBy, Timestamp.from(this.clock.instant()), status)
			.update();
		return id;
	}

	private void decide(UUID requestId, Actor admin, String status, @Nullable String reason) {
		this.jdbc.sql("""
				UPDATE habilitation_request SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
				WHERE id = ?
				""")
			.params(Arrays.asList(status, personOf(admin), Timestamp.from(this.clock.instant()), reason, requestId))
			.update();
	}

	private Request lock(UUID requestId) {
		return this.jdbc.sql("""
				SELECT aidant_id, structure_id, role, status, requested_by FROM habilitation_request
				WHERE id = ? FOR UPDATE""")
			.param(requestId)
			.query((rs, n) -> new Request(rs.getObject("aidant_id", UUID.class),
					rs.getObject("structure_id", UUID.class), Role.valueOf(rs.getString("role")),
					rs.getString("status"), rs.getObject("requested_by", UUID.class)))
			.optional()
			.orElseThrow(RequestNotFoundException::new);
	}

	private List<RequestRow> rows(String where, Map<String, Object> params) {
		return this.jdbc
			.sql("""
					SELECT r.id, r.status, r.role, r.requested_at, r.decided_at, r.decision_reason, r.structure_id,
					       s.name AS structure_name, a.id AS aidant_id, a.given_name || ' ' || a.family_name AS name, a.email,
					       b.given_name || ' ' || b.family_name AS requested_by
					FROM habilitation_request r
					JOIN aidant a ON a.id = r.aidant_id
					JOIN aidant b ON b.id = r.requested_by
					JOIN structure s ON s.id = r.structure_id
					WHERE %s
					ORDER BY r.requested_at
					"""
				.formatted(where))
			.params(params)
			.query((rs, n) -> {
				Timestamp decided = rs.getTimestamp("decided_at");
				return new RequestRow(rs.getObject("id", UUID.class), rs.getString("status"),
						Role.valueOf(rs.getString("role")), rs.getTimestamp("requested_at").toInstant(),
						(decided != null) ? decided.toInstant() : null, rs.getString("decision_reason"),
						rs.getObject("structure_id", UUID.class), rs.getString("structure_name"),
						rs.getObject("aidant_id", UUID.class), rs.getString("name"), rs.getString("email"),
						rs.getString("requested_by"));
			})
			.list();
	}

	/** The person behind an aidant actor. */
	private static UUID personOf(Actor actor) {
		if (actor.id() == null) {
			throw new IllegalArgumentException("Not a person");
		}
		return UUID.fromString(actor.id());
	}

	private static Map<String, Object> requestPayload(UUID requestId, UUID aidantId, UUID structureId, Role role) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("request", requestId.toString());
		payload.put("aidant", aidantId.toString());
		payload.put("structure", structureId.toString());
		payload.put("role", role.name());
		return payload;
	}

	static Person validate(PersonForm form) {
		Map<String, String> errors = new LinkedHashMap<>();
		String given = name(form.givenName(), "prenom", "le prénom", errors);
		String family = name(form.familyName(), "nom", "le nom", errors);
		String email = (form.email() != null) ? form.email().strip().toLowerCase(Locale.ROOT) : "";
		if (email.isEmpty()) {
			errors.put("email", "Indiquez l'adresse e-mail professionnelle.");
		}
		else if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
			errors.put("email", "Saisissez une adresse e-mail valide, par exemple prenom.nom@mairie.fr.");
		}
		if (!errors.isEmpty()) {
			throw new InvalidPersonException(errors);
		}
		return new Person(given, family, email);
	}

	private static String name(@Nullable String value, String field, String what, Map<String, String> errors) {
		String stripped = (value != null) ? value.strip() : "";
		if (stripped.isEmpty()) {
			errors.put(field, "Indiquez " + what + ".");
		}
		else if (stripped.length() > MAX_NAME) {
			errors.put(field, "Ce champ ne doit pas dépasser " + MAX_NAME + " caractères.");
		}
		else if (stripped.chars().anyMatch(Character::isISOControl)) {
			errors.put(field, "Ce champ contient des caractères non permis.");
		}
		return stripped;
	}

	/** What a form gives for a new person; values as typed. */
	record PersonForm(@Nullable String givenName, @Nullable String familyName, @Nullable String email) {
	}

	record Person(String givenName, String familyName, String email) {
	}

	/** A request as the national team and the responsable see it. */
	record RequestRow(UUID id, String status, Role role, Instant requestedAt, @Nullable Instant decidedAt,
			@Nullable String reason, UUID structureId, String structureName, UUID aidantId, String name, String email,
			String requestedBy) {

		/** The French label of the request's status. */
		public String statusLabel() {
			return switch (this.status) {
				case "PENDING" -> "En attente de décision";
				case "PROVISIONING" -> "Accordée, compte en cours de création";
				case "APPROVED" -> "Accordée";
				default -> "Refusée";
			};
		}

	}

	record PersonRow(UUID id, String name, String email, AidantState state) {
	}

	private record Request(UUID aidantId, UUID structureId, Role role, String status, UUID requestedBy) {
	}

	/** An approval, or a refusal (with the reason). */
	private record Outcome(@Nullable String refusal) {
	}

	private record Existing(UUID id, AidantState state) {
	}

	static class InvalidPersonException extends RuntimeException {

		private final Map<String, String> errors;

		InvalidPersonException(Map<String, String> errors) {
			super("Invalid person");
			this.errors = Map.copyOf(errors);
		}

		Map<String, String> errors() {
			return this.errors;
		}

	}

}
