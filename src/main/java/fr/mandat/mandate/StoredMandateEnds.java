package fr.mandat.mandate;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import fr.mandat.usager.UsagerMandateEnds;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link UsagerMandateEnds} from the mandate table, for the retention rule. */
@Component
class StoredMandateEnds implements UsagerMandateEnds {

	private final JdbcClient jdbc;

	StoredMandateEnds(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<UUID, Instant> lastEnds(Collection<UUID> usagerIds) {
		Map<UUID, Instant> ends = new HashMap<>();
		if (usagerIds.isEmpty()) {
			return ends;
		}
		this.jdbc.sql("""
				SELECT usager_id, max(LEAST(not_after, COALESCE(revoked_at, not_after))) AS last_end
				FROM mandate WHERE usager_id = ANY(?) GROUP BY usager_id
				""").param(usagerIds.toArray(UUID[]::new)).query(rs -> {
			ends.put(rs.getObject("usager_id", UUID.class), rs.getTimestamp("last_end").toInstant());
		});
		return ends;
	}

}
