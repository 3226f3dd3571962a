package fr.mandat.audit;

import java.time.LocalDate;
import java.util.UUID;

import fr.mandat.structure.FrenchDates;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalQuery;

import org.jspecify.annotations.Nullable;

/**
 * What an auditor searches for, as typed in the form or the query string. Days are Paris
 * days, both ends included.
 */
record SearchCriteria(@Nullable UUID structure, @Nullable UUID aidant, @Nullable String usager,
		@Nullable String demarche, @Nullable JournalAction action, @Nullable LocalDate from, @Nullable LocalDate to,
		@Nullable Integer size, @Nullable String after) {

	static final int DEFAULT_SIZE = 50;

	private static final int MAX_TEXT = 100;

	JournalQuery toQuery() {
		int pageSize = (this.size != null) ? this.size : DEFAULT_SIZE;
		if (pageSize < 1 || pageSize > JournalQuery.MAX_SIZE) {
			throw new BadAuditRequest("size", "Une page compte de 1 à " + JournalQuery.MAX_SIZE + " entrées.");
		}
		if (this.from != null && this.to != null && this.from.isAfter(this.to)) {
			throw new BadAuditRequest("to", "La date de début doit précéder la date de fin.");
		}
		JournalQuery.Cursor cursor = null;
		if (this.after != null && !this.after.isBlank()) {
			try {
				cursor = JournalQuery.Cursor.parse(this.after);
			}
			catch (RuntimeException ex) {
				throw new BadAuditRequest("after", "Le repère de page suivante est illisible : relancez la recherche.");
			}
		}
		return new JournalQuery(this.structure, (this.aidant != null) ? this.aidant.toString() : null,
				text(this.usager, "usager", "usager"), text(this.demarche, "demarche", "démarche"), this.action,
				(this.from != null) ? this.from.atStartOfDay(FrenchDates.ZONE).toInstant() : null,
				(this.to != null) ? this.to.plusDays(1).atStartOfDay(FrenchDates.ZONE).toInstant() : null, pageSize,
				cursor);
	}

	private static @Nullable String text(@Nullable String value, String name, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > MAX_TEXT) {
			throw new BadAuditRequest(name, "Le critère « " + field + " » dépasse " + MAX_TEXT + " caractères.");
		}
		return value.strip();
	}

}
