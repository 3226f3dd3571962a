package fr.mandat.structure;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcHabilitatedAidants implements HabilitatedAidants {

	private final JdbcClient jdbc;

	JdbcHabilitatedAidants(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<HabilitatedAidant> lockHabilitatedAidant(UUID aidantId, UUID structureId) {
		// Locks in the order a deactivation takes them (the aidant, then the membership
		// it
		// deletes), so the two never deadlock. A row changed while this waits is read
		// again after the lock: a deactivated aidant or a deleted membership drops out.
		return this.jdbc.sql("""
				SELECT COALESCE(s.siret, '') AS siret, s.demarche_categories
				FROM aidant a
				JOIN membership m ON m.aidant_id = a.id AND m.structure_id = ? AND m.role = 'AIDANT'
				JOIN structure s ON s.id = m.structure_id
				WHERE a.id = ? AND a.state = 'HABILITATED'
				FOR SHARE OF a, m
				""")
			.params(structureId, aidantId)
			.query((rs, n) -> new HabilitatedAidant(aidantId, structureId, rs.getString("siret"),
					JdbcStructureCategories.categories(rs.getArray("demarche_categories"))))
			.optional();
	}

}
