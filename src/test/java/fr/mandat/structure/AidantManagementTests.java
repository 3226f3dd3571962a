package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deactivation rules through the application's own service and database. */
@MandatIntegrationTest
class AidantManagementTests {

	private static final UUID VILLENEUVE = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	@Autowired
	private AidantManagement management;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JdbcClient jdbc;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void anAidantWhoAlsoWorksElsewhereIsOnlyRemovedFromThisStructure() {
		UUID aidant = aidant(SAINT_AUBIN, VILLENEUVE);
		StaffMember hugo = this.staff.findBySubject(DemoAccount.HUGO.subject()).orElseThrow();
		AidantManagement.Deactivation done = this.management.deactivate(hugo, saintAubin(hugo), aidant,
				"Ne vient plus à la mairie");

		assertThat(done.accountDisabled()).isFalse();
		assertThat(state(aidant)).isEqualTo("HABILITATED");
		assertThat(this.jdbc.sql("SELECT structure_id FROM membership WHERE aidant_id = ?")
			.param(aidant)
			.query(UUID.class)
			.list()).containsExactly(VILLENEUVE);
		assertThat(journalCount("MEMBERSHIP_CHANGED", aidant)).isOne();
	}

	@Test
	void keycloakBeingDownLeavesTheAidantRefusedAndTheAccountClosingRetriedUntilDone() {
		String email = "depart.pendant.panne@saint-aubin.example.fr";
		this.keycloak.createUser("depart.pendant.panne", email, "Mandat-essai-2026!");
		String subject = this.keycloak.usersWithEmail(email).get(0).get("id").asString();
		UUID aidant = aidant(subject, SAINT_AUBIN);
		StaffMember hugo = this.staff.findBySubject(DemoAccount.HUGO.subject()).orElseThrow();
		this.keycloak.setClientEnabled("mandat-admin", false);
		try {
			AidantManagement.Deactivation done = this.management.deactivate(hugo, saintAubin(hugo), aidant, "Départ");

			assertThat(done.accountDisabled()).isTrue();
			assertThat(done.accountPending()).isTrue();
			assertThat(state(aidant)).isEqualTo("DEACTIVATED");
			assertThat(journalCount("HABILITATION_CHANGED", aidant)).isOne();
			assertThat(this.management.retryAccount(saintAubin(hugo), aidant).accountPending()).isTrue();
		}
		finally {
			this.keycloak.setClientEnabled("mandat-admin", true);
		}
		assertThat(this.keycloak.user(subject).get("enabled").asBoolean()).isTrue();

		// Keycloak is back: the retry (the responsable's button, or the schedule) closes
		// it.
		assertThat(this.management.retryAccount(saintAubin(hugo), aidant).accountPending()).isFalse();
		assertThat(this.keycloak.user(subject).get("enabled").asBoolean()).isFalse();
		assertThat(journalCount("HABILITATION_CHANGED", aidant)).isOne();
	}

	@Test
	void badRequestsChangeNothing() {
		UUID aidant = aidant(SAINT_AUBIN);
		StaffMember hugo = this.staff.findBySubject(DemoAccount.HUGO.subject()).orElseThrow();
		StaffMember sophie = this.staff.findBySubject(DemoAccount.SOPHIE.subject()).orElseThrow();
		assertThatThrownBy(() -> this.management.deactivate(hugo, saintAubin(hugo), aidant, "  "))
			.isInstanceOf(StaffRuleException.class)
			.hasMessageContaining("motif");
		assertThatThrownBy(() -> this.management.deactivate(hugo, saintAubin(hugo), aidant, "x".repeat(501)))
			.isInstanceOf(StaffRuleException.class)
			.hasMessageContaining("500");
		assertThatThrownBy(() -> this.management.deactivate(hugo, saintAubin(hugo), hugo.aidantId(), "Moi"))
			.isInstanceOf(StaffRuleException.class);
		assertThatThrownBy(() -> this.management.deactivate(sophie, sophie.structures().get(0), aidant, "Autre"))
			.isInstanceOf(ForeignAidantException.class);
		assertThatThrownBy(() -> this.management.deactivate(hugo, saintAubin(hugo), UUID.randomUUID(), "Inconnu"))
			.isInstanceOf(ForeignAidantException.class);
		assertThatThrownBy(() -> this.management.chooseCategories(hugo, saintAubin(hugo), List.of()))
			.isInstanceOf(StaffRuleException.class);
		assertThatThrownBy(() -> this.management.chooseCategories(hugo, saintAubin(hugo), List.of("inconnue")))
			.isInstanceOf(StaffRuleException.class);
		assertThat(state(aidant)).isEqualTo("HABILITATED");
		assertThat(journalCount("HABILITATION_CHANGED", aidant)).isZero();
	}

	private static StaffMember.StructureRef saintAubin(StaffMember member) {
		return member.structure(SAINT_AUBIN).orElseThrow();
	}

	private UUID aidant(UUID... structures) {
		return aidant(UUID.randomUUID().toString(), structures);
	}

	private UUID aidant(String subject, UUID... structures) {
		UUID id = UUID.randomUUID();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, last_sign_in_at)
				VALUES (?, ?, 'Essai', 'Départ', ?, 'HABILITATED', ?, ?)
				""").params(id, subject, id + "@example.fr", now, now).update();
		for (UUID structure : structures) {
			this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', ?)")
				.params(id, structure, now)
				.update();
		}
		return id;
	}

	private String state(UUID aidant) {
		return this.jdbc.sql("SELECT state FROM aidant WHERE id = ?").param(aidant).query(String.class).single();
	}

	private long journalCount(String action, UUID aidant) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND payload::json ->> 'aidant' = ?")
			.params(action, aidant.toString())
			.query(Long.class)
			.single();
	}

}
