package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The habilitation requests (table {@code habilitation_request}): who asked for whom, in
 * which structure and role, and what the national team decided. Callers hold the
 * transaction.
 */
@Repository
class HabilitationRequests {

	private final JdbcClient jdbc;

	private final Clock clock;

	HabilitationRequests(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Records a new request; returns its id. */
	UUID insert(UUID aidantId, UUID structureId, Role role, UUID requestedBy, HabilitationStatus status) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO habilitation_request (id, aidant_id, structure_id, role, requested_by, requested_at, status)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(id, aidantId, structureId, role.name(), requestedBy, Timestamp.from(this.clock.instant()),
					status.name())
			.update();
		return id;
	}

	/** Records the national team's decision on a request. */
	void decide(UUID requestId, UUID decidedBy, HabilitationStatus status, @Nullable String reason) {
		this.jdbc.sql("""
				UPDATE habilitation_request SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
				WHERE id = ?
				""")
			.params(Arrays.asList(status.name(), decidedBy, Timestamp.from(this.clock.instant()), reason, requestId))
			.update();
	}

	/** The account of an approved request exists now. */
	void accountCreated(UUID requestId) {
		this.jdbc.sql("UPDATE habilitation_request SET status = ? WHERE id = ?")
			.params(HabilitationStatus.APPROVED.name(), requestId)
			.update();
	}

	/**
	 * Locks a request until the transaction ends.
	 * @throws RequestNotFoundException when no request has this id
	 */
	Request lock(UUID requestId) {
		return this.jdbc.sql("""
				SELECT aidant_id, structure_id, role, status, requested_by FROM habilitation_request
				WHERE id = ? FOR UPDATE""")
			.param(requestId)
			.query((rs, n) -> new Request(rs.getObject("aidant_id", UUID.class),
					rs.getObject("structure_id", UUID.class), Role.valueOf(rs.getString("role")),
					HabilitationStatus.valueOf(rs.getString("status")), rs.getObject("requested_by", UUID.class)))
			.optional()
			.orElseThrow(RequestNotFoundException::new);
	}

	Optional<RequestRow> find(UUID requestId) {
		return rows("r.id = :id", Map.of("id", requestId)).stream().findFirst();
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

	/** Whether a request for this person, structure and role is still open. */
	boolean openFor(UUID aidantId, UUID structureId, Role role) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM habilitation_request
				  WHERE aidant_id = ? AND structure_id = ? AND role = ? AND status IN ('PENDING', 'PROVISIONING'))
				""").params(aidantId, structureId, role.name()).query(Boolean.class).single();
	}

	/** The open request of a person appointed but not yet provisioned, if any. */
	Optional<UUID> awaitingAccountOf(UUID aidantId) {
		return this.jdbc.sql(
				"SELECT id FROM habilitation_request WHERE aidant_id = ? AND status = 'PROVISIONING' ORDER BY requested_at DESC LIMIT 1")
			.param(aidantId)
			.query(UUID.class)
			.optional();
	}

	/**
	 * Who is to be invited for a request approved with no account yet, and by whom; empty
	 * once the account exists.
	 */
	Optional<Invited> awaitingAccount(UUID requestId) {
		return this.jdbc.sql("""
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
			.optional();
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
				return new RequestRow(rs.getObject("id", UUID.class),
						HabilitationStatus.valueOf(rs.getString("status")), Role.valueOf(rs.getString("role")),
						rs.getTimestamp("requested_at").toInstant(), (decided != null) ? decided.toInstant() : null,
						rs.getString("decision_reason"), rs.getObject("structure_id", UUID.class),
						rs.getString("structure_name"), rs.getObject("aidant_id", UUID.class), rs.getString("name"),
						rs.getString("email"), rs.getString("requested_by"));
			})
			.list();
	}

	/** A request as the national team and the responsable see it. */
	record RequestRow(UUID id, HabilitationStatus status, Role role, Instant requestedAt, @Nullable Instant decidedAt,
			@Nullable String reason, UUID structureId, String structureName, UUID aidantId, String name, String email,
			String requestedBy) {

		/** The French label of the request's status. */
		public String statusLabel() {
			return this.status.label();
		}

	}

	/** A request locked for a decision. */
	record Request(UUID aidantId, UUID structureId, Role role, HabilitationStatus status, UUID requestedBy) {
	}

	/** A person to invite, and the invitation's wording. */
	record Invited(Person person, StaffAccounts.Invitation invitation) {
	}

}
