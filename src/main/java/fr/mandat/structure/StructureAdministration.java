package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The national team's management of structures. Every change is journaled. */
@Service
class StructureAdministration {

	/** The kinds of structure an admin may create, with their French labels. */
	static final Map<String, String> KINDS = kinds();

	private final JdbcClient jdbc;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final Clock clock;

	StructureAdministration(JdbcClient jdbc, Journal journal, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.journal = journal;
		this.transactions = transactions;
		this.clock = clock;
	}

	List<StructureRow> list() {
		return this.jdbc.sql("""
				SELECT s.id, s.name, s.siret, s.kind, s.city,
				       (SELECT count(DISTINCT m.aidant_id) FROM membership m WHERE m.structure_id = s.id) AS people
				FROM structure s ORDER BY s.name
				""")
			.query((rs, n) -> new StructureRow(rs.getObject("id", UUID.class), rs.getString("name"),
					rs.getString("siret"), kindLabel(rs.getString("kind")), rs.getString("city"), rs.getInt("people")))
			.list();
	}

	Optional<StructureForm> form(UUID id) {
		return this.jdbc.sql(
				"SELECT name, siret, kind, address_line, postal_code, city FROM structure WHERE id = ? AND kind <> 'NATIONAL'")
			.param(id)
			.query((rs, n) -> new StructureForm(rs.getString("name"), rs.getString("siret"), rs.getString("kind"),
					rs.getString("address_line"), rs.getString("postal_code"), rs.getString("city")))
			.optional();
	}

	/**
	 * Creates (id null) or updates a structure.
	 * @return the structure's id
	 * @throws InvalidStructureException with a French message per field
	 */
	UUID save(Actor admin, @Nullable UUID id, StructureForm input) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = text(input.name(), "nom", 200, true, errors);
		String siret = Siret.normalize(input.siret());
		if (siret == null) {
			errors.put("siret",
					(input.siret() == null || input.siret().isBlank()) ? "Saisissez le SIRET de la structure."
							: "Ce SIRET n'est pas valide : 14 chiffres dont la clé de contrôle doit être juste.");
		}
		String kind = input.kind();
		if (kind == null || !KINDS.containsKey(kind)) {
			errors.put("type", "Choisissez le type de structure.");
		}
		String address = text(input.addressLine(), "adresse", 200, true, errors);
		String postalCode = (input.postalCode() != null) ? input.postalCode().strip() : "";
		if (!postalCode.matches("[0-9]{5}")) {
			errors.put("codePostal", "Saisissez un code postal de 5 chiffres.");
		}
		String city = text(input.city(), "commune", 100, true, errors);
		if (siret != null && Boolean.TRUE
			.equals(this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM structure WHERE siret = ? AND id IS DISTINCT FROM ?)")
				.param(siret)
				.param(id)
				.query(Boolean.class)
				.single())) {
			errors.put("siret", "Une structure a déjà ce SIRET.");
		}
		if (!errors.isEmpty()) {
			throw new InvalidStructureException(errors);
		}
		UUID structureId = (id != null) ? id : UUID.randomUUID();
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult(status -> {
			int changed;
			if (id == null) {
				changed = this.jdbc.sql("""
						INSERT INTO structure (id, name, siret, kind, address_line, postal_code, city, created_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)
						""")
					.params(Arrays.asList(structureId, name, siret, kind, address, postalCode, city,
							Timestamp.from(now)))
					.update();
			}
			else {
				changed = this.jdbc.sql("""
						UPDATE structure SET name = ?, siret = ?, kind = ?, address_line = ?, postal_code = ?, city = ?,
						       updated_at = ?
						WHERE id = ? AND kind <> 'NATIONAL'
						""")
					.params(Arrays.asList(name, siret, kind, address, postalCode, city, Timestamp.from(now), id))
					.update();
			}
			if (changed != 1) {
				throw new InvalidStructureException(Map.of("nom", "Cette structure n'existe pas."));
			}
			this.journal.record(JournalRecord
				.of(admin, (id == null) ? JournalAction.STRUCTURE_CREATED : JournalAction.STRUCTURE_UPDATED)
				.withPayload(Map.of("structure", structureId.toString(), "siret", siret, "kind", kind)));
		});
		return structureId;
	}

	private static String text(@Nullable String value, String field, int max, boolean required,
			Map<String, String> errors) {
		String stripped = (value != null) ? value.strip() : "";
		if (required && stripped.isEmpty()) {
			errors.put(field, "Ce champ est obligatoire.");
		}
		else if (stripped.length() > max) {
			errors.put(field, "Saisissez au plus " + max + " caractères.");
		}
		return stripped;
	}

	/** A kind as people read it, the national team's own included (never a raw code). */
	static String kindLabel(String kind) {
		return "NATIONAL".equals(kind) ? "Équipe nationale" : KINDS.getOrDefault(kind, "Autre");
	}

	private static Map<String, String> kinds() {
		Map<String, String> kinds = new LinkedHashMap<>();
		kinds.put("FRANCE_SERVICES", "France Services");
		kinds.put("MAIRIE", "Mairie");
		kinds.put("CCAS", "Centre communal d'action sociale");
		kinds.put("ASSOCIATION", "Association");
		kinds.put("OTHER", "Autre");
		return java.util.Collections.unmodifiableMap(kinds);
	}

	/** A structure in the admins' list. */
	record StructureRow(UUID id, String name, @Nullable String siret, String kind, @Nullable String city, int people) {
	}

	/** What the structure form holds, as typed. */
	record StructureForm(@Nullable String name, @Nullable String siret, @Nullable String kind,
			@Nullable String addressLine, @Nullable String postalCode, @Nullable String city) {
	}

	/** The form has errors, one French message per field. */
	static class InvalidStructureException extends RuntimeException {

		private final Map<String, String> errors;

		InvalidStructureException(Map<String, String> errors) {
			super("Invalid structure");
			this.errors = Map.copyOf(errors);
		}

		Map<String, String> errors() {
			return this.errors;
		}

	}

}
