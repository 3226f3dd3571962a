package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffMember.StructureRef;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a responsable does for their structure: see its aidants, deactivate one, choose
 * the démarche categories it offers. Every change commits with its journal entry; the
 * Keycloak side follows and can be retried.
 */
@Service
class AidantManagement {

	static final int MAX_REASON = 500;

	private final JdbcClient jdbc;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final AccountFollowUps accounts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final InactivityProperties inactivity;

	AidantManagement(JdbcClient jdbc, Journal journal, TransactionTemplate transactions, AccountFollowUps accounts,
			ApplicationEventPublisher events, Clock clock, InactivityProperties inactivity) {
		this.inactivity = inactivity;
		this.jdbc = jdbc;
		this.journal = journal;
		this.transactions = transactions;
		this.accounts = accounts;
		this.events = events;
		this.clock = clock;
	}

	List<AidantRow> aidantsOf(UUID structureId) {
		return this.jdbc.sql("""
				SELECT a.id, a.given_name || ' ' || a.family_name AS name, a.email, a.state, a.last_sign_in_at,
				       COALESCE(a.last_sign_in_at, a.state_changed_at, a.created_at) AS last_activity,
				       string_agg(DISTINCT m.role, ',') AS roles,
				       EXISTS (SELECT 1 FROM membership o WHERE o.aidant_id = a.id AND o.structure_id <> :structure)
				         AS elsewhere
				FROM aidant a JOIN membership m ON m.aidant_id = a.id AND m.structure_id = :structure
				GROUP BY a.id ORDER BY a.family_name, a.given_name
				""").param("structure", structureId).query((rs, n) -> {
			Timestamp lastSignIn = rs.getTimestamp("last_sign_in_at");
			AidantState state = AidantState.valueOf(rs.getString("state"));
			Instant lastActivity = rs.getTimestamp("last_activity").toInstant();
			Instant deactivationDue = (state == AidantState.HABILITATED
					&& lastActivity.isBefore(this.clock.instant().minus(this.inactivity.warnAfter())))
							? lastActivity.plus(this.inactivity.deactivateAfter()) : null;
			List<String> roles = List.of(rs.getString("roles").split(","));
			return new AidantRow(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"), state,
					(lastSignIn != null) ? lastSignIn.toInstant() : null,
					roles.stream().map(Role::valueOf).sorted().map(Role::label).toList(), rs.getBoolean("elsewhere"),
					deactivationDue);
		}).list();
	}

	/**
	 * Takes an aidant out of the structure: an aidant who works only here is deactivated
	 * (their Keycloak account disabled and signed out); one who also works elsewhere
	 * loses their roles here only.
	 */
	/**
	 * The reason of a deactivation, checked (also before asking the responsable for a
	 * confirmation of identity).
	 * @throws StaffRuleException with the field's French message
	 */
	static String checkDeactivation(StaffMember responsable, UUID aidantId, @Nullable String reason) {
		String why = (reason != null) ? reason.strip() : "";
		if (why.isEmpty()) {
			throw new StaffRuleException("motif", "Indiquez le motif de la désactivation.");
		}
		if (why.length() > MAX_REASON) {
			throw new StaffRuleException("motif", "Le motif ne doit pas dépasser " + MAX_REASON + " caractères.");
		}
		if (aidantId.equals(responsable.aidantId())) {
			throw new StaffRuleException(null, "Vous ne pouvez pas vous désactiver vous-même.");
		}
		return why;
	}

	Deactivation deactivate(StaffMember responsable, StructureRef structure, UUID aidantId, @Nullable String reason) {
		String why = checkDeactivation(responsable, aidantId, reason);
		Actor actor = Actor.aidant(responsable.aidantId(), structure.id());
		Deactivation deactivation = this.transactions.execute(status -> {
			Target target = this.jdbc.sql("SELECT subject, state FROM aidant WHERE id = ? FOR UPDATE")
				.param(aidantId)
				.query((rs, n) -> new Target(rs.getString("subject"), AidantState.valueOf(rs.getString("state"))))
				.optional()
				.orElseThrow(() -> new ForeignAidantException(aidantId));
			List<UUID> structures = this.jdbc.sql("SELECT DISTINCT structure_id FROM membership WHERE aidant_id = ?")
				.param(aidantId)
				.query(UUID.class)
				.list();
			if (!structures.contains(structure.id())) {
				throw new ForeignAidantException(aidantId);
			}
			Instant now = this.clock.instant();
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("aidant", aidantId.toString());
			payload.put("reason", why);
			if (structures.size() > 1) {
				this.jdbc.sql("DELETE FROM membership WHERE aidant_id = ? AND structure_id = ?")
					.params(aidantId, structure.id())
					.update();
				payload.put("removedFrom", structure.id().toString());
				this.journal.record(JournalRecord.of(actor, JournalAction.MEMBERSHIP_CHANGED).withPayload(payload));
				return new Deactivation(target.subject(), false, false);
			}
			if (target.state() == AidantState.DEACTIVATED) {
				throw new StaffRuleException(null, "Cet aidant est déjà désactivé.");
			}
			this.jdbc.sql("UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = ? WHERE id = ?")
				.params(Timestamp.from(now), aidantId)
				.update();
			payload.put("from", target.state().name());
			payload.put("to", AidantState.DEACTIVATED.name());
			this.journal.record(JournalRecord.of(actor, JournalAction.HABILITATION_CHANGED).withPayload(payload));
			// Once committed, the application refuses the aidant whatever Keycloak
			// says; the account is disabled there after the commit, retried until done.
			if (target.subject() != null) {
				this.events.publishEvent(new AidantDeactivated(aidantId, target.subject()));
			}
			return new Deactivation(target.subject(), true, false);
		});
		if (!deactivation.accountDisabled()) {
			return deactivation;
		}
		this.accounts.settle(AidantDeactivated.class, aidantId);
		return new Deactivation(deactivation.subject(), true, this.accounts.closingPending(aidantId));
	}

	/** Disables (again) the Keycloak account of a deactivated aidant of the structure. */
	Deactivation retryAccount(StructureRef structure, UUID aidantId) {
		String subject = this.jdbc.sql("""
				SELECT a.subject FROM aidant a
				WHERE a.id = ? AND a.state = 'DEACTIVATED'
				  AND EXISTS (SELECT 1 FROM membership m WHERE m.aidant_id = a.id AND m.structure_id = ?)
				""")
			.params(aidantId, structure.id())
			.query(String.class)
			.optional()
			.orElseThrow(() -> new ForeignAidantException(aidantId));
		this.accounts.retryClosing(aidantId);
		return new Deactivation(subject, true, this.accounts.closingPending(aidantId));
	}

	void chooseCategories(StaffMember responsable, StructureRef structure, @Nullable List<String> codes) {
		if (codes == null || codes.isEmpty()) {
			throw new StaffRuleException("categories", "Choisissez au moins une catégorie de démarches.");
		}
		Set<DemarcheCategory> chosen = EnumSet.noneOf(DemarcheCategory.class);
		for (String code : codes) {
			chosen.add(DemarcheCategory.fromCode(code)
				.orElseThrow(() -> new StaffRuleException("categories", "Une catégorie choisie n'existe pas.")));
		}
		List<String> stored = chosen.stream().map(DemarcheCategory::code).toList();
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.sql("UPDATE structure SET demarche_categories = ?::varchar[] WHERE id = ?")
				.params(stored.toArray(String[]::new), structure.id())
				.update();
			this.journal.record(JournalRecord
				.of(Actor.aidant(responsable.aidantId(), structure.id()), JournalAction.STRUCTURE_CATEGORIES_CHANGED)
				.withPayload(Map.of("categories", stored)));
		});
	}

	/** An aidant as the responsable sees them. */
	/**
	 * @param deactivationDue when an inactive aidant will be deactivated, if they have
	 * not signed in for longer than the warning period
	 */
	record AidantRow(UUID id, String name, String email, AidantState state, @Nullable Instant lastSignInAt,
			List<String> roles, boolean elsewhere, @Nullable Instant deactivationDue) {
	}

	/**
	 * @param accountDisabled whether the person was deactivated (rather than removed from
	 * this structure only)
	 * @param accountPending whether Keycloak could not be told yet
	 */
	record Deactivation(String subject, boolean accountDisabled, boolean accountPending) {
	}

	private record Target(String subject, AidantState state) {
	}

}
