package fr.mandat.structure;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class JdbcStaffNames implements StaffNames {

	private final JdbcClient jdbc;

	JdbcStaffNames(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Named> structures() {
		return this.jdbc.sql("SELECT id, name FROM structure ORDER BY name")
			.query((rs, n) -> new Named(rs.getObject("id", UUID.class), rs.getString("name")))
			.list();
	}

	@Override
	public List<Named> aidants() {
		return this.jdbc
			.sql("SELECT id, given_name || ' ' || family_name AS name FROM aidant ORDER BY family_name, given_name")
			.query((rs, n) -> new Named(rs.getObject("id", UUID.class), rs.getString("name")))
			.list();
	}

}
