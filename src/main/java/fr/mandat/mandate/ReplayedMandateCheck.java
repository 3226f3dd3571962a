package fr.mandat.mandate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import fr.mandat.journal.JournalAction;
import fr.mandat.journal.MandateHistory;
import fr.mandat.journal.MandateHistory.MandateEvent;
import fr.mandat.mandate.MandateJournalCheck.Disagreement;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the journal's mandate events and the mandate tables in one repeatable-read
 * snapshot (a state change commits with its entry, so both agree at any instant), replays
 * the events and compares.
 */
@Service
class ReplayedMandateCheck implements MandateJournalCheck {

	private final MandateHistory history;

	private final JdbcClient jdbc;

	private final TransactionTemplate snapshot;

	ReplayedMandateCheck(MandateHistory history, JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.history = history;
		this.jdbc = jdbc;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	@Override
	public Report check() {
		Report report = this.snapshot.execute(status -> replay());
		if (report == null) {
			throw new IllegalStateException("No report");
		}
		return report;
	}

	private Report replay() {
		Map<UUID, Recorded> recorded = new HashMap<>();
		long[] events = { 0 };
		this.history.forEach(event -> {
			events[0]++;
			apply(recorded.computeIfAbsent(event.mandateId(), Recorded::new), event);
		});
		Map<UUID, Map<String, Boolean>> autorisations = new HashMap<>();
		this.jdbc.sql("SELECT mandate_id, category, revoked_at IS NOT NULL AS revoked FROM autorisation").query(rs -> {
			autorisations.computeIfAbsent(rs.getObject("mandate_id", UUID.class), k -> new HashMap<>())
				.put(rs.getString("category"), rs.getBoolean("revoked"));
		});
		List<Disagreement> disagreements = new ArrayList<>();
		Set<UUID> seen = new LinkedHashSet<>();
		this.jdbc.sql("SELECT id, not_after, revoked_at FROM mandate ORDER BY created_at, id").query(rs -> {
			UUID id = rs.getObject("id", UUID.class);
			seen.add(id);
			Timestamp revokedAt = rs.getTimestamp("revoked_at");
			compare(id, rs.getTimestamp("not_after").toInstant(), revokedAt != null,
					autorisations.getOrDefault(id, Map.of()), recorded.get(id), disagreements);
		});
		recorded.values()
			.stream()
			.filter(r -> r.createdAt != null && !seen.contains(r.id))
			.forEach(r -> disagreements.add(new Disagreement(r.id, "Le mandat " + r.id
					+ " est inscrit au journal (entrée n° " + index(r.createdAt) + ") mais absent de la base.")));
		return new Report(seen.size(), events[0], List.copyOf(disagreements));
	}

	private static void apply(Recorded mandate, MandateEvent event) {
		Map<String, Object> payload = event.payload();
		if (event.action() == JournalAction.MANDATE_CREATED || event.action() == JournalAction.MANDATE_RENEWED) {
			mandate.createdAt = (event.index() != null) ? event.index() : -1L;
			mandate.categories.addAll(strings(payload.get("categories")));
			Object notAfter = payload.get("notAfter");
			mandate.notAfter = (notAfter instanceof String text) ? Instant.parse(text) : null;
		}
		else if (event.action() == JournalAction.AUTORISATION_REVOKED
				|| event.action() == JournalAction.MANDATE_REVOKED) {
			mandate.revoked.addAll(strings(payload.get("categories")));
			if (mandate.revokedAt == null && !mandate.categories.isEmpty()
					&& mandate.revoked.containsAll(mandate.categories)) {
				mandate.revokedAt = (event.index() != null) ? event.index() : -1L;
			}
		}
	}

	private static void compare(UUID id, Instant notAfter, boolean revoked, Map<String, Boolean> autorisations,
			@Nullable Recorded journal, List<Disagreement> out) {
		if (journal == null || journal.createdAt == null) {
			out.add(new Disagreement(id, "Le mandat " + id + " n'a aucune création inscrite au journal."));
			return;
		}
		if (journal.notAfter != null && !journal.notAfter.equals(notAfter)) {
			out.add(new Disagreement(id, "La fin du mandat " + id + " (" + notAfter
					+ ") diffère de celle inscrite au journal (" + journal.notAfter + ")."));
		}
		for (Map.Entry<String, Boolean> autorisation : autorisations.entrySet()) {
			String category = autorisation.getKey();
			boolean revokedHere = autorisation.getValue();
			if (!journal.categories.contains(category)) {
				out.add(new Disagreement(id, "L'autorisation « " + category + " » du mandat " + id
						+ " n'a jamais été inscrite au journal."));
			}
			else if (journal.revoked.contains(category) && !revokedHere) {
				out.add(new Disagreement(id, "L'autorisation « " + category + " » du mandat " + id
						+ ", révoquée au journal, est active en base : elle a été ranimée."));
			}
			else if (!journal.revoked.contains(category) && revokedHere) {
				out.add(new Disagreement(id, "L'autorisation « " + category + " » du mandat " + id
						+ " est révoquée en base sans révocation inscrite au journal."));
			}
		}
		if (journal.revokedAt != null && !revoked) {
			out.add(new Disagreement(id, "Le mandat " + id + ", révoqué au journal (entrée n° "
					+ index(journal.revokedAt) + "), est actif en base : il a été ranimé."));
		}
		else if (journal.revokedAt == null && revoked) {
			out.add(new Disagreement(id,
					"Le mandat " + id + " est révoqué en base sans révocation inscrite au journal."));
		}
	}

	private static String index(long index) {
		return (index >= 0) ? Long.toString(index) : "en attente de scellement";
	}

	private static List<String> strings(@Nullable Object value) {
		if (!(value instanceof List<?> list)) {
			return List.of();
		}
		return list.stream().map(String::valueOf).toList();
	}

	/** What the journal says of one mandate. */
	private static final class Recorded {

		private final UUID id;

		private final Set<String> categories = new LinkedHashSet<>();

		private final Set<String> revoked = new LinkedHashSet<>();

		private @Nullable Long createdAt;

		private @Nullable Long revokedAt;

		private @Nullable Instant notAfter;

		Recorded(UUID id) {
			this.id = id;
		}

	}

}
