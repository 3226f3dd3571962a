package fr.mandat.demarche;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.structure.StaffNames;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class StoredUsagerDemarches implements UsagerDemarches {

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final DemarcheCatalogue catalogue;

	private final PersonalDataProtection personalData;

	private final JsonMapper json;

	private final StaffNames names;

	StoredUsagerDemarches(JdbcClient jdbc, DemarcheCatalogue catalogue, PersonalDataProtection personalData,
			JsonMapper json, StaffNames names) {
		this.names = names;
		this.jdbc = jdbc;
		this.catalogue = catalogue;
		this.personalData = personalData;
		this.json = json;
	}

	@Override
	public List<DoneForUsager> of(String usagerPseudonym) {
		Map<UUID, String> aidants = new java.util.HashMap<>();
		this.names.aidants().forEach(n -> aidants.put(n.id(), n.name()));
		return this.jdbc.sql("""
				SELECT id, mandate_id, demarche, partner, aidant_id, structure_id, status, requested_at, completed_at,
				       partner_reference
				FROM demarche_execution WHERE usager_pseudonym = ?
				ORDER BY requested_at, id
				""").param(usagerPseudonym).query((rs, n) -> {
			String demarche = rs.getString("demarche");
			String partner = rs.getString("partner");
			ExecutionStatus status = ExecutionStatus.valueOf(rs.getString("status"));
			Timestamp completed = rs.getTimestamp("completed_at");
			return new DoneForUsager(rs.getObject("id", UUID.class), rs.getObject("mandate_id", UUID.class), demarche,
					this.catalogue.demarche(demarche).map(Demarche::label).orElse(demarche),
					this.catalogue.partner(partner).map(Partner::label).orElse(partner),
					rs.getObject("aidant_id", UUID.class),
					aidants.getOrDefault(rs.getObject("aidant_id", UUID.class), "—"),
					rs.getObject("structure_id", UUID.class), rs.getTimestamp("requested_at").toInstant(),
					(completed != null) ? completed.toInstant() : null, status.name(), status.historyLabel(),
					status.tone(), rs.getString("partner_reference"));
		}).list();
	}

	@Override
	public Map<UUID, Map<String, Object>> inputs(String usagerPseudonym) {
		Map<UUID, Map<String, Object>> inputs = new LinkedHashMap<>();
		this.jdbc.sql("SELECT id, input FROM demarche_execution WHERE usager_pseudonym = ? ORDER BY requested_at, id")
			.param(usagerPseudonym)
			.query(rs -> {
				UUID id = rs.getObject("id", UUID.class);
				byte[] sealed = rs.getBytes("input");
				try {
					byte[] plain = this.personalData.decrypt(sealed, id.toString().getBytes(StandardCharsets.UTF_8));
					inputs.put(id, this.json.readValue(plain, FIELDS));
				}
				catch (RuntimeException ex) {
					// Unreadable (erased, or a test row): nothing to give back.
					inputs.put(id, Map.of());
				}
			});
		return inputs;
	}

}
