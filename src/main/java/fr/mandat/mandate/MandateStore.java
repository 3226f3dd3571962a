package fr.mandat.mandate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.mandate.Mandate.Autorisation;
import fr.mandat.mandate.Mandate.Revocation;
import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.structure.DemarcheCategory;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Mandates, autorisations and revocations in PostgreSQL. */
@Repository
class MandateStore {

	private static final String MANDATE_COLUMNS = """
			m.id, m.structure_id, m.aidant_id, m.usager_id, m.duration_days, m.not_before, m.not_after,
			m.renews_mandate_id, m.jws, m.digest, m.created_at, m.revoked_at""";

	private final JdbcClient jdbc;

	MandateStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param usagerPseudonym the usager's pseudonym, as in the signed document: kept on
	 * the row so that deciding an action under the mandate reads nothing else
	 * @param nameIndex the blind index of the usager's name ({@link UsagerNameIndex})
	 */
	void insert(Mandate mandate, String usagerPseudonym, List<String> nameIndex, String document, byte[] attestation) {
		this.jdbc.sql("""
				INSERT INTO mandate (id, structure_id, aidant_id, usager_id, usager_pseudonym, usager_name_index,
				                     duration_days, not_before, not_after, renews_mandate_id, document, jws, digest,
				                     attestation, created_at)
				VALUES (:id, :structure, :aidant, :usager, :pseudonym, CAST(:nameIndex AS text[]), :days, :notBefore,
				        :notAfter, :renews, :document, :jws, :digest, :attestation, :createdAt)
				""")
			.param("id", mandate.id())
			.param("structure", mandate.structureId())
			.param("aidant", mandate.aidantId())
			.param("usager", mandate.usagerId())
			.param("pseudonym", usagerPseudonym)
			.param("nameIndex", nameIndex.toArray(String[]::new))
			.param("days", mandate.durationDays())
			.param("notBefore", Timestamp.from(mandate.notBefore()))
			.param("notAfter", Timestamp.from(mandate.notAfter()))
			.param("renews", mandate.renews())
			.param("document", document)
			.param("jws", mandate.jws())
			.param("digest", mandate.digest())
			.param("attestation", attestation)
			.param("createdAt", Timestamp.from(mandate.createdAt()))
			.update();
		for (Autorisation autorisation : mandate.autorisations()) {
			this.jdbc.sql("INSERT INTO autorisation (id, mandate_id, category) VALUES (?, ?, ?)")
				.params(autorisation.id(), mandate.id(), autorisation.category().code())
				.update();
		}
	}

	Optional<Mandate> find(UUID id) {
		return one("SELECT " + MANDATE_COLUMNS + " FROM mandate m WHERE m.id = ?", id);
	}

	/**
	 * The mandate with this id and digest, in one query whichever of the two does not
	 * match: public verification must not tell an unknown id from a wrong digest, not
	 * even by the work it does.
	 */
	Optional<Mandate> findVerifiable(UUID id, String digest) {
		return this.jdbc.sql("SELECT " + MANDATE_COLUMNS + " FROM mandate m WHERE m.id = ? AND m.digest = ?")
			.params(id, digest)
			.query((rs, n) -> mandate(rs, List.of()))
			.optional()
			.map(m -> withAutorisations(List.of(m)).get(0));
	}

	/** The mandate, its row locked until the end of the transaction. */
	Optional<Mandate> lock(UUID id) {
		return one("SELECT " + MANDATE_COLUMNS + " FROM mandate m WHERE m.id = ? FOR UPDATE", id);
	}

	/**
	 * The mandate, its row share-locked until the end of the transaction: actions under
	 * it run side by side, a revocation ({@link #lock}) waits for them and they for it.
	 * The autorisations are read after the lock.
	 */
	Optional<Mandate> lockShared(UUID id) {
		return one("SELECT " + MANDATE_COLUMNS + " FROM mandate m WHERE m.id = ? FOR SHARE", id);
	}

	/**
	 * What an action under the mandate in one category needs, in one statement: the
	 * mandate's row share-locked first (a revocation or a renewal takes it {@link #lock
	 * FOR UPDATE} before changing autorisations, so the two wait for each other and never
	 * deadlock), then the category's autorisation share-locked too, so that a partial
	 * revocation committed while this waited is read in its committed state, not in the
	 * statement's older snapshot.
	 */
	Optional<ActionGrant> lockForAction(UUID mandateId, DemarcheCategory category) {
		return this.jdbc.sql("""
				WITH m AS MATERIALIZED (
				  SELECT id, structure_id, usager_id, usager_pseudonym, not_before, not_after, revoked_at
				  FROM mandate WHERE id = ? FOR SHARE)
				SELECT m.structure_id, m.usager_id, m.usager_pseudonym, m.not_before, m.not_after, m.revoked_at,
				  (a.id IS NOT NULL AND a.revoked_at IS NULL) AS covered
				FROM m LEFT JOIN LATERAL (
				  SELECT id, revoked_at FROM autorisation WHERE mandate_id = m.id AND category = ? FOR SHARE) a ON true
				""")
			.params(mandateId, category.code())
			.query((rs, n) -> new ActionGrant(mandateId, rs.getObject("structure_id", UUID.class),
					rs.getObject("usager_id", UUID.class), rs.getString("usager_pseudonym"),
					rs.getTimestamp("not_before").toInstant(), rs.getTimestamp("not_after").toInstant(),
					instant(rs, "revoked_at"), rs.getBoolean("covered")))
			.optional();
	}

	/**
	 * A mandate as an action in one category sees it.
	 *
	 * @param covered whether the mandate has an autorisation for the category that is not
	 * revoked
	 */
	record ActionGrant(UUID mandateId, UUID structureId, UUID usagerId, String usagerPseudonym, Instant notBefore,
			Instant notAfter, @Nullable Instant revokedAt, boolean covered) {

		MandateStatus status(Instant now) {
			return MandateStatus.at(now, this.notBefore, this.notAfter, this.revokedAt);
		}

	}

	/**
	 * The mandates of a usager in a structure that are not revoked and not expired at
	 * {@code now}, locked.
	 */
	List<Mandate> lockCurrent(UUID usagerId, UUID structureId, Instant now) {
		List<UUID> ids = this.jdbc.sql("""
				SELECT id FROM mandate
				WHERE usager_id = ? AND structure_id = ? AND revoked_at IS NULL AND not_after > ?
				ORDER BY id FOR UPDATE
				""").params(usagerId, structureId, Timestamp.from(now)).query(UUID.class).list();
		return ids.stream().flatMap(id -> find(id).stream()).toList();
	}

	/**
	 * How many renewals lead to this mandate: 0 for a mandate made with an identification
	 * of the usager, 1 for its renewal, and so on.
	 */
	int renewals(UUID mandateId) {
		return this.jdbc.sql("""
				WITH RECURSIVE chain (id, renews, depth) AS (
				  SELECT id, renews_mandate_id, 0 FROM mandate WHERE id = ?
				  UNION ALL
				  SELECT m.id, m.renews_mandate_id, c.depth + 1 FROM mandate m JOIN chain c ON m.id = c.renews
				  WHERE c.depth < 1000)
				SELECT COALESCE(MAX(depth), 0) FROM chain
				""").param(mandateId).query(Integer.class).single();
	}

	/**
	 * The mandate's signed attestation; empty also once the usager's data was erased (the
	 * PDF, which printed their name, is then emptied: ADR 0106).
	 */
	Optional<byte[]> attestation(UUID mandateId) {
		return this.jdbc.sql("SELECT attestation FROM mandate WHERE id = ? AND length(attestation) > 0")
			.param(mandateId)
			.query((rs, n) -> rs.getBytes(1))
			.optional();
	}

	Optional<String> document(UUID mandateId) {
		return this.jdbc.sql("SELECT document FROM mandate WHERE id = ?")
			.param(mandateId)
			.query(String.class)
			.optional();
	}

	/**
	 * @param by the aidant who revokes; null when the usager revokes from their own space
	 */
	void revokeAutorisations(UUID mandateId, List<DemarcheCategory> categories, Instant at, @Nullable UUID by,
			@Nullable UUID replacedBy) {
		this.jdbc.sql("""
				UPDATE autorisation SET revoked_at = :at, revoked_by = :by, replaced_by_mandate_id = :replacedBy
				WHERE mandate_id = :mandate AND category = ANY(:categories) AND revoked_at IS NULL
				""")
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("replacedBy", replacedBy)
			.param("mandate", mandateId)
			.param("categories", categories.stream().map(DemarcheCategory::code).toArray(String[]::new))
			.update();
		this.jdbc.sql("""
				UPDATE mandate SET revoked_at = :at, revoked_by = :by
				WHERE id = :mandate AND revoked_at IS NULL
				  AND NOT EXISTS (SELECT 1 FROM autorisation WHERE mandate_id = :mandate AND revoked_at IS NULL)
				""").param("at", Timestamp.from(at)).param("by", by).param("mandate", mandateId).update();
	}

	void insertRevocation(UUID id, UUID mandateId, List<DemarcheCategory> categories, Instant at, UUID by,
			byte[] attestation) {
		insertRevocation(id, mandateId, categories, at, by, null, null, attestation);
	}

	/**
	 * A revocation by the usager from their own space, under the key its form was shown
	 * with.
	 */
	void insertUsagerRevocation(UUID id, UUID mandateId, List<DemarcheCategory> categories, Instant at,
			String usagerPseudonym, UUID requestKey, byte[] attestation) {
		insertRevocation(id, mandateId, categories, at, null, usagerPseudonym, requestKey, attestation);
	}

	private void insertRevocation(UUID id, UUID mandateId, List<DemarcheCategory> categories, Instant at,
			@Nullable UUID by, @Nullable String byUsager, @Nullable UUID requestKey, byte[] attestation) {
		this.jdbc.sql("""
				INSERT INTO mandate_revocation (id, mandate_id, categories, revoked_at, revoked_by, revoked_by_usager,
				                                request_key, attestation)
				VALUES (:id, :mandate, :categories, :at, :by, :byUsager, :key, :attestation)
				""")
			.param("id", id)
			.param("mandate", mandateId)
			.param("categories", categories.stream().map(DemarcheCategory::code).toArray(String[]::new))
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("byUsager", byUsager)
			.param("key", requestKey)
			.param("attestation", attestation)
			.update();
	}

	/** The revocation a usager's form with this key already made, if any. */
	Optional<UUID> revocationByKey(UUID requestKey) {
		return this.jdbc.sql("SELECT id FROM mandate_revocation WHERE request_key = ?")
			.param(requestKey)
			.query(UUID.class)
			.optional();
	}

	/** Every mandate made for the usager, newest first, with its autorisations. */
	List<Mandate> ofUsager(String usagerPseudonym) {
		List<Mandate> mandates = this.jdbc
			.sql("SELECT " + MANDATE_COLUMNS
					+ " FROM mandate m WHERE m.usager_pseudonym = ? ORDER BY m.created_at DESC, m.id")
			.param(usagerPseudonym)
			.query((rs, n) -> mandate(rs, List.of()))
			.list();
		return withAutorisations(mandates);
	}

	/** The usager's pseudonym kept on the mandate, if the mandate exists. */
	Optional<String> usagerPseudonym(UUID mandateId) {
		return this.jdbc.sql("SELECT usager_pseudonym FROM mandate WHERE id = ?")
			.param(mandateId)
			.query(String.class)
			.optional();
	}

	/** A revocation's signed attestation, if it revoked a mandate of this usager. */
	Optional<byte[]> revocationAttestationOfUsager(UUID revocationId, String usagerPseudonym) {
		return this.jdbc.sql("""
				SELECT r.attestation FROM mandate_revocation r JOIN mandate m ON m.id = r.mandate_id
				WHERE r.id = ? AND m.usager_pseudonym = ? AND length(r.attestation) > 0
				""").params(revocationId, usagerPseudonym).query((rs, n) -> rs.getBytes(1)).optional();
	}

	List<Revocation> revocations(UUID mandateId) {
		return this.jdbc.sql("""
				SELECT id, categories, revoked_at, revoked_by, revoked_by_usager FROM mandate_revocation
				WHERE mandate_id = ? ORDER BY revoked_at
				""")
			.param(mandateId)
			.query((rs, n) -> new Revocation(rs.getObject("id", UUID.class), categories(rs.getArray("categories")),
					rs.getTimestamp("revoked_at").toInstant(), rs.getObject("revoked_by", UUID.class),
					rs.getString("revoked_by_usager") != null))
			.list();
	}

	/**
	 * A revocation's signed attestation; empty also once the usager's data was erased.
	 */
	Optional<byte[]> revocationAttestation(UUID mandateId, UUID revocationId) {
		return this.jdbc.sql("""
				SELECT attestation FROM mandate_revocation WHERE id = ? AND mandate_id = ? AND length(attestation) > 0
				""").params(revocationId, mandateId).query((rs, n) -> rs.getBytes(1)).optional();
	}

	/**
	 * One page of the structure's mandates in a state at {@code now}, most recently
	 * ending first; given the hashes of a name query, only the mandates whose usager's
	 * name index holds every one of them.
	 */
	MandateListing.Page list(UUID structureId, StatusFilter status, List<String> nameHashes, Instant now, int offset,
			int limit) {
		String where = " FROM mandate m WHERE m.structure_id = :structure AND " + predicate(status)
				+ (nameHashes.isEmpty() ? "" : " AND m.usager_name_index @> CAST(:names AS text[])");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("structure", structureId);
		params.put("now", Timestamp.from(now));
		params.put("soon", Timestamp.from(now.plus(MandateStatus.EXPIRING_WITHIN)));
		params.put("names", nameHashes.toArray(String[]::new));
		params.put("limit", limit);
		params.put("offset", offset);
		long total = this.jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
		List<Mandate> mandates = this.jdbc
			.sql("SELECT " + MANDATE_COLUMNS + where + " ORDER BY m.not_after DESC, m.id LIMIT :limit OFFSET :offset")
			.params(params)
			.query((rs, n) -> mandate(rs, List.of()))
			.list();
		return new MandateListing.Page(withAutorisations(mandates), total);
	}

	/**
	 * The structure's mandates valid at {@code now} that end within {@code within}, the
	 * soonest first, at most {@code limit}, with how many there are.
	 */
	MandateListing.Page endingSoonest(UUID structureId, Instant now, java.time.Duration within, int limit) {
		String where = " FROM mandate m WHERE m.structure_id = :structure AND " + predicate(StatusFilter.ACTIVE)
				+ " AND m.not_after <= :soon";
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("structure", structureId);
		params.put("now", Timestamp.from(now));
		params.put("soon", Timestamp.from(now.plus(within)));
		params.put("limit", limit);
		long total = this.jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
		List<Mandate> mandates = this.jdbc
			.sql("SELECT " + MANDATE_COLUMNS + where + " ORDER BY m.not_after, m.id LIMIT :limit")
			.params(params)
			.query((rs, n) -> mandate(rs, List.of()))
			.list();
		return new MandateListing.Page(withAutorisations(mandates), total);
	}

	/** {@link MandateStatus#at}'s rules, in SQL. */
	private static String predicate(StatusFilter status) {
		String notRevoked = "(m.revoked_at IS NULL OR m.revoked_at > :now)";
		String valid = notRevoked + " AND m.not_before <= :now AND m.not_after > :now";
		return switch (status) {
			case ACTIVE -> valid;
			case EXPIRING -> valid + " AND m.not_after <= :soon";
			case EXPIRED -> notRevoked + " AND m.not_after <= :now";
			case REVOKED -> "m.revoked_at <= :now";
			case ALL -> "TRUE";
		};
	}

	/** A mandate whose usager's name is not indexed yet. */
	record Unindexed(UUID id, UUID usagerId) {
	}

	/** Mandates without a name index, by id after {@code after}. */
	List<Unindexed> unindexed(UUID after, int limit) {
		return this.jdbc
			.sql("SELECT id, usager_id FROM mandate WHERE usager_name_index IS NULL AND id > ? ORDER BY id LIMIT ?")
			.params(after, limit)
			.query((rs, n) -> new Unindexed(rs.getObject("id", UUID.class), rs.getObject("usager_id", UUID.class)))
			.list();
	}

	/** Writes a mandate's name index if it has none yet; 1 if it wrote it. */
	int indexName(UUID mandateId, List<String> nameIndex) {
		return this.jdbc.sql("""
				UPDATE mandate SET usager_name_index = CAST(:nameIndex AS text[])
				WHERE id = :id AND usager_name_index IS NULL
				""").param("nameIndex", nameIndex.toArray(String[]::new)).param("id", mandateId).update();
	}

	private Optional<Mandate> one(String sql, UUID id) {
		return this.jdbc.sql(sql)
			.param(id)
			.query((rs, n) -> mandate(rs, List.of()))
			.optional()
			.map(m -> withAutorisations(List.of(m)).get(0));
	}

	private List<Mandate> withAutorisations(List<Mandate> mandates) {
		if (mandates.isEmpty()) {
			return mandates;
		}
		Map<UUID, List<Autorisation>> byMandate = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT id, mandate_id, category, revoked_at, replaced_by_mandate_id FROM autorisation
				WHERE mandate_id = ANY(?) ORDER BY mandate_id, category
				""").param(mandates.stream().map(Mandate::id).toArray(UUID[]::new)).query(rs -> {
			UUID mandateId = rs.getObject("mandate_id", UUID.class);
			UUID autorisationId = rs.getObject("id", UUID.class);
			Instant revokedAt = instant(rs, "revoked_at");
			UUID replacedBy = rs.getObject("replaced_by_mandate_id", UUID.class);
			DemarcheCategory.fromCode(rs.getString("category"))
				.ifPresent(category -> byMandate.computeIfAbsent(mandateId, k -> new ArrayList<>())
					.add(new Autorisation(autorisationId, category, revokedAt, replacedBy)));
		});
		return mandates.stream()
			.map(m -> m.withAutorisations(byMandate.getOrDefault(m.id(), List.of())
				.stream()
				.sorted((a, b) -> a.category().compareTo(b.category()))
				.toList()))
			.toList();
	}

	private static Mandate mandate(ResultSet rs, List<Autorisation> autorisations) throws SQLException {
		return new Mandate(rs.getObject("id", UUID.class), rs.getObject("structure_id", UUID.class),
				rs.getObject("aidant_id", UUID.class), rs.getObject("usager_id", UUID.class),
				rs.getInt("duration_days"), rs.getTimestamp("not_before").toInstant(),
				rs.getTimestamp("not_after").toInstant(), rs.getObject("renews_mandate_id", UUID.class),
				rs.getString("jws"), rs.getString("digest"), rs.getTimestamp("created_at").toInstant(),
				instant(rs, "revoked_at"), autorisations);
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static List<DemarcheCategory> categories(Array array) throws SQLException {
		List<DemarcheCategory> categories = new ArrayList<>();
		for (Object code : (Object[]) array.getArray()) {
			DemarcheCategory.fromCode((String) code).ifPresent(categories::add);
		}
		return categories;
	}

}
