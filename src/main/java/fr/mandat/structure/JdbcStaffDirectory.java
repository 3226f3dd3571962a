package fr.mandat.structure;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import fr.mandat.structure.StaffMember.Membership;
import fr.mandat.structure.StaffMember.StructureRef;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a person's record and roles in one round trip; called on every request, so a
 * deactivation or a removed role takes effect at once.
 */
@Service
class JdbcStaffDirectory implements StaffDirectory {

	private final JdbcClient jdbc;

	@Override
	public void signedIn(java.util.UUID aidantId, java.time.Instant at) {
		this.jdbc.sql("UPDATE aidant SET last_sign_in_at = ? WHERE id = ?")
			.params(java.sql.Timestamp.from(at), aidantId)
			.update();
	}

	JdbcStaffDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<StaffMember> findBySubject(String subject) {
		List<Row> rows = this.jdbc.sql("""
				SELECT a.id, a.subject, a.given_name, a.family_name, a.state,
				       s.id AS structure_id, s.name AS structure_name, m.role
				FROM aidant a
				LEFT JOIN membership m ON m.aidant_id = a.id
				LEFT JOIN structure s ON s.id = m.structure_id
				WHERE a.subject = :subject
				ORDER BY s.name, m.role
				""").param("subject", subject).query((rs, n) -> {
			String role = rs.getString("role");
			Membership membership = (role != null) ? new Membership(
					new StructureRef(rs.getObject("structure_id", UUID.class), rs.getString("structure_name")),
					Role.valueOf(role)) : null;
			return new Row(rs.getObject("id", UUID.class), rs.getString("subject"), rs.getString("given_name"),
					rs.getString("family_name"), AidantState.valueOf(rs.getString("state")), membership);
		}).list();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		Row first = rows.get(0);
		List<Membership> memberships = rows.stream().flatMap(r -> Stream.ofNullable(r.membership())).toList();
		return Optional.of(new StaffMember(first.id(), first.subject(), first.givenName(), first.familyName(),
				first.state(), memberships));
	}

	private record Row(UUID id, String subject, String givenName, String familyName, AidantState state,
			@Nullable Membership membership) {
	}

}
