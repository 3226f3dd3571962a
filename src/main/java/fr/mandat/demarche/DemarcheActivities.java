package fr.mandat.demarche;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.mandate.MandateActivities;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The démarches carried out under a mandate, one line per execution with its final
 * outcome: the reconciliation attempts that led to it are folded into that line.
 */
@Component
class DemarcheActivities implements MandateActivities {

	private final JdbcClient jdbc;

	private final DemarcheCatalogue catalogue;

	DemarcheActivities(JdbcClient jdbc, DemarcheCatalogue catalogue) {
		this.jdbc = jdbc;
		this.catalogue = catalogue;
	}

	@Override
	public List<Activity> of(UUID mandateId, int limit) {
		return this.jdbc.sql("""
				SELECT demarche, partner, status, requested_at, partner_reference, reconcile_attempts, aidant_id
				FROM demarche_execution WHERE mandate_id = ?
				ORDER BY requested_at, id
				LIMIT ?
				""")
			.params(mandateId, limit)
			.query((rs, n) -> activity(rs.getString("demarche"), rs.getString("partner"), rs.getString("status"),
					rs.getTimestamp("requested_at").toInstant(), rs.getString("partner_reference"),
					rs.getInt("reconcile_attempts"), rs.getObject("aidant_id", UUID.class)))
			.list();
	}

	private Activity activity(String demarcheId, String partnerId, String status, Instant at,
			@Nullable String reference, int attempts, UUID aidantId) {
		String title = this.catalogue.demarche(demarcheId).map(Demarche::label).orElse(demarcheId);
		String partner = this.catalogue.partner(partnerId).map(Partner::label).orElse(partnerId);
		ExecutionStatus outcome = ExecutionStatus.valueOf(status);
		String note = (attempts > 0) ? "Réponse obtenue après " + attempts + " relance" + ((attempts > 1) ? "s" : "")
				+ " auprès du partenaire" : null;
		if (attempts > 0 && !outcome.settled()) {
			note = attempts + " relance" + ((attempts > 1) ? "s" : "") + " sans réponse : Mandat relance encore";
		}
		return new Activity(at, title, partner, outcome.historyLabel(), outcome.tone(), reference, note, aidantId);
	}

}
