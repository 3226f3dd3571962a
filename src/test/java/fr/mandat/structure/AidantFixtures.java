package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import fr.mandat.support.DemoAccount;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Aidants made and deactivated for tests of other modules: the aidant's rows as an
 * approved habilitation leaves them, the deactivation through the application's own
 * service (as Hugo, responsable of Saint-Aubin).
 */
public final class AidantFixtures {

	private final AidantManagement management;

	private final StaffDirectory staff;

	private final JdbcClient jdbc;

	public AidantFixtures(ApplicationContext context) {
		this.management = context.getBean(AidantManagement.class);
		this.staff = context.getBean(StaffDirectory.class);
		this.jdbc = context.getBean(JdbcClient.class);
	}

	/**
	 * An habilitated aidant of this structure, signed in at Keycloak as {@code subject}.
	 */
	public UUID habilitated(String subject, UUID structureId) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, last_sign_in_at)
				VALUES (?, ?, 'Essai', 'Partenaire', ?, 'HABILITATED', ?, ?)
				""").params(id, subject, id + "@example.fr", now, now).update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', ?)")
			.params(id, structureId, now)
			.update();
		return id;
	}

	/** Hugo deactivates the aidant of Saint-Aubin (its only structure). */
	public void deactivate(UUID aidantId, UUID structureId) {
		StaffMember hugo = this.staff.findBySubject(DemoAccount.HUGO.subject()).orElseThrow();
		this.management.deactivate(hugo, hugo.structure(structureId).orElseThrow(), aidantId, "Départ");
	}

}
