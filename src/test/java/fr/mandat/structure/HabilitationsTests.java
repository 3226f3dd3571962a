package fr.mandat.structure;

import java.time.Duration;
import java.util.UUID;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Habilitation requests, appointments and provisioning through the application's own
 * service, its database and the real Keycloak.
 */
@MandatIntegrationTest
class HabilitationsTests {

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	private static final UUID VILLENEUVE = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID NATIONAL = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000003");

	private static final UUID PAUL = UUID.fromString("7d2f9a10-0000-4000-8000-000000000006");

	private static final Actor ADMIN = Actor.aidant(PAUL, NATIONAL);

	/** Claire, the second admin: approves what Paul asked for. */
	private static final Actor SECOND_ADMIN = Actor.aidant(UUID.fromString("7d2f9a10-0000-4000-8000-000000000009"),
			NATIONAL);

	@Autowired
	private Habilitations habilitations;

	@Autowired
	private Appointments appointments;

	@Autowired
	private AccountFollowUps followUps;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JdbcClient jdbc;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void aKeycloakOutageLeavesTheProvisioningIncompleteAndItsRetryCreatesTheAccountOnce() {
		String email = "retry.provisioning@saint-aubin.example.fr";
		UUID request = requestAt(SAINT_AUBIN, DemoAccount.HUGO, email);
		this.keycloak.setClientEnabled("mandat-admin", false);
		try {
			approve(ADMIN, request);

			// Approved and journaled; the account step is an incomplete publication.
			assertThat(status(request)).isEqualTo("PROVISIONING");
			assertThat(this.habilitations.awaitsAccount(request)).isTrue();
			assertThat(incompletePublications(HabilitationApproved.class, request)).isOne();
			assertThat(this.habilitations.open()).anySatisfy(row -> {
				assertThat(row.id()).isEqualTo(request);
				assertThat(row.statusLabel()).isEqualTo("Accordée, compte en cours de création");
			});
			// A retry while Keycloak is still unreachable changes nothing.
			this.followUps.retryProvisioning(request);
			assertThat(status(request)).isEqualTo("PROVISIONING");
			assertThat(incompletePublications(HabilitationApproved.class, request)).isOne();
		}
		finally {
			this.keycloak.setClientEnabled("mandat-admin", true);
		}
		UUID aidant = aidantOf(request);
		assertThat(journalCount("HABILITATION_APPROVED", aidant)).isOne();
		assertThat(journalCount("ACCOUNT_PROVISIONED", aidant)).isZero();
		assertThat(this.keycloak.usersWithEmail(email).size()).isZero();
		assertThatThrownBy(() -> this.habilitations.approve(ADMIN, request)).isInstanceOf(StaffRuleException.class)
			.hasMessageContaining("déjà été traitée");

		// Keycloak is back: the scheduled retry completes the publication.
		this.followUps.retryOlderThan(Duration.ZERO);

		await().atMost(Duration.ofSeconds(30)).until(() -> "APPROVED".equals(status(request)));
		this.followUps.settle(HabilitationApproved.class, request);
		assertThat(incompletePublications(HabilitationApproved.class, request)).isZero();
		assertThat(this.keycloak.usersWithEmail(email).size()).isOne();
		assertThat(journalCount("ACCOUNT_PROVISIONED", aidant)).isOne();
		assertThat(this.staff.findBySubject(this.keycloak.usersWithEmail(email).get(0).get("id").asString()))
			.hasValueSatisfying(member -> assertThat(member.state()).isEqualTo(AidantState.HABILITATED));
		// Running the step again (another instance's retry) provisions nothing twice.
		this.habilitations.provision(request);
		assertThat(this.keycloak.usersWithEmail(email).size()).isOne();
		assertThat(journalCount("ACCOUNT_PROVISIONED", aidant)).isOne();
	}

	@Test
	void badInputAndDuplicatesAreRefusedAndNothingIsCreated() {
		StaffMember hugo = this.staff.findBySubject(DemoAccount.HUGO.subject()).orElseThrow();
		long people = count("SELECT count(*) FROM aidant");
		long requests = count("SELECT count(*) FROM habilitation_request");
		assertThatThrownBy(() -> this.habilitations.request(hugo, hugo.structure(SAINT_AUBIN).orElseThrow(),
				new PersonForm(" ", "x".repeat(101), "pas-une-adresse")))
			.isInstanceOfSatisfying(InvalidPersonException.class, ex -> {
				assertThat(ex.errors().get("prenom")).isEqualTo("Indiquez le prénom.");
				assertThat(ex.errors().get("nom")).contains("100 caractères");
				assertThat(ex.errors().get("email")).contains("adresse e-mail valide");
			});
		assertThatThrownBy(() -> this.habilitations.request(hugo, hugo.structure(SAINT_AUBIN).orElseThrow(),
				new PersonForm("Camille", "Martin", "CAMILLE.MARTIN@villeneuve.example.fr")))
			.isInstanceOfSatisfying(InvalidPersonException.class,
					ex -> assertThat(ex.errors().get("email")).contains("déjà cette adresse"));
		requestAt(SAINT_AUBIN, DemoAccount.HUGO, "twice.asked@saint-aubin.example.fr");
		assertThatThrownBy(() -> requestAt(SAINT_AUBIN, DemoAccount.HUGO, "twice.asked@saint-aubin.example.fr"))
			.isInstanceOfSatisfying(InvalidPersonException.class,
					ex -> assertThat(ex.errors().get("email")).contains("déjà en cours"));
		assertThat(count("SELECT count(*) FROM aidant")).isEqualTo(people + 1);
		assertThat(count("SELECT count(*) FROM habilitation_request")).isEqualTo(requests + 1);
		assertThatThrownBy(() -> this.habilitations.refuse(ADMIN, UUID.randomUUID(), "Inconnue"))
			.isInstanceOf(RequestNotFoundException.class);
		assertThatThrownBy(() -> this.appointments.appoint(ADMIN, UUID.randomUUID(), Role.RESPONSABLE,
				new PersonForm("Anne", "Nonyme", "anne.nonyme@example.fr")))
			.isInstanceOf(StaffRuleException.class)
			.hasMessageContaining("n'existe pas");
	}

	@Test
	void anAdminAppointsAndRemovesResponsablesAndAuditors() {
		// A habilitated aidant gains the role once another admin approves, with no new
		// account.
		UUID lucas = UUID.fromString("7d2f9a10-0000-4000-8000-000000000002");
		UUID appointment = this.appointments.appoint(ADMIN, VILLENEUVE, Role.RESPONSABLE,
				new PersonForm("Lucas", "Bernard", "lucas.bernard@saint-aubin.example.fr"));
		assertThat(this.appointments.holders(VILLENEUVE, Role.RESPONSABLE)).noneMatch(p -> p.id().equals(lucas));
		assertThatThrownBy(() -> this.appointments.appoint(ADMIN, VILLENEUVE, Role.RESPONSABLE,
				new PersonForm("Lucas", "Bernard", "lucas.bernard@saint-aubin.example.fr")))
			.isInstanceOfSatisfying(InvalidPersonException.class,
					ex -> assertThat(ex.errors().get("email")).contains("déjà en attente"));
		approve(SECOND_ADMIN, appointment);
		assertThat(status(appointment)).isEqualTo("APPROVED");
		assertThat(this.appointments.holders(VILLENEUVE, Role.RESPONSABLE))
			.anySatisfy(p -> assertThat(p.id()).isEqualTo(lucas));
		assertThatThrownBy(() -> this.appointments.appoint(ADMIN, VILLENEUVE, Role.RESPONSABLE,
				new PersonForm("Lucas", "Bernard", "lucas.bernard@saint-aubin.example.fr")))
			.isInstanceOf(InvalidPersonException.class);
		removeRole(ADMIN, VILLENEUVE, lucas, Role.RESPONSABLE);
		assertThat(this.followUps.closingPending(lucas)).isFalse();
		assertThat(this.staff.findBySubject(DemoAccount.LUCAS.subject()).orElseThrow().mayUseApplication()).isTrue();

		// A new auditor gets an account and an invitation.
		String email = "nouvel.auditeur@mandat.example.fr";
		UUID auditorRequest = this.appointments.appoint(ADMIN, NATIONAL, Role.AUDITEUR,
				new PersonForm("Noé", "Audit", email));
		assertThat(this.keycloak.usersWithEmail(email).size()).isZero();
		approve(SECOND_ADMIN, auditorRequest);
		assertThat(this.habilitations.awaitsAccount(auditorRequest)).isFalse();
		assertThat(this.keycloak.usersWithEmail(email).get(0).get("enabled").asBoolean()).isTrue();
		UUID auditor = this.appointments.holders(NATIONAL, Role.AUDITEUR)
			.stream()
			.filter(p -> p.email().equals(email))
			.findFirst()
			.orElseThrow()
			.id();
		// Removing their only role deactivates them and closes the account.
		removeRole(ADMIN, NATIONAL, auditor, Role.AUDITEUR);
		assertThat(this.followUps.closingPending(auditor)).isFalse();
		assertThat(incompletePublications(AidantDeactivated.class, auditor)).isZero();
		assertThat(this.jdbc.sql("SELECT state FROM aidant WHERE id = ?").param(auditor).query(String.class).single())
			.isEqualTo("DEACTIVATED");
		assertThat(this.keycloak.usersWithEmail(email).get(0).get("enabled").asBoolean()).isFalse();
		assertThat(journalCount("MEMBERSHIP_CHANGED", auditor)).isOne();
		assertThatThrownBy(() -> this.appointments.removeRole(ADMIN, NATIONAL, PAUL, Role.ADMIN))
			.isInstanceOf(StaffRuleException.class);
	}

	@Test
	void noAdminApprovesTheirOwnRequestOrGrantsThemselvesARole() {
		// Four eyes: an appointment Paul asked for waits for another admin.
		String email = "quatre.yeux@villeneuve.example.fr";
		UUID appointment = this.appointments.appoint(ADMIN, VILLENEUVE, Role.RESPONSABLE,
				new PersonForm("Quatre", "Yeux", email));
		long refusals = refusals(PAUL);
		assertThatThrownBy(() -> this.habilitations.approve(ADMIN, appointment))
			.isInstanceOfSatisfying(SelfGrantException.class, ex -> {
				assertThat(ex.reason()).isEqualTo("four-eyes");
				assertThat(ex.getMessage()).isEqualTo(
						"Vous avez fait cette demande : une autre personne de l'équipe nationale doit la décider.");
			});
		assertThat(status(appointment)).isEqualTo("PENDING");
		assertThat(refusals(PAUL)).isEqualTo(refusals + 1);
		assertThat(this.keycloak.usersWithEmail(email).size()).isZero();

		// Nobody names themselves: Paul as a responsable of Villeneuve.
		long requests = count("SELECT count(*) FROM habilitation_request");
		assertThatThrownBy(() -> this.appointments.appoint(ADMIN, VILLENEUVE, Role.RESPONSABLE,
				new PersonForm("Paul", "Lefebvre", "Paul.Lefebvre@mandat.example.fr")))
			.isInstanceOfSatisfying(SelfGrantException.class, ex -> assertThat(ex.reason()).isEqualTo("self-grant"));
		assertThat(count("SELECT count(*) FROM habilitation_request")).isEqualTo(requests);
		assertThat(refusals(PAUL)).isEqualTo(refusals + 2);

		// Nor approves a role another admin asked for them.
		UUID forPaul = this.appointments.appoint(SECOND_ADMIN, NATIONAL, Role.AUDITEUR,
				new PersonForm("Paul", "Lefebvre", "paul.lefebvre@mandat.example.fr"));
		assertThatThrownBy(() -> this.habilitations.approve(ADMIN, forPaul))
			.isInstanceOfSatisfying(SelfGrantException.class, ex -> assertThat(ex.reason()).isEqualTo("self-grant"));
		assertThat(this.appointments.holders(NATIONAL, Role.AUDITEUR)).noneMatch(p -> p.id().equals(PAUL));
		this.habilitations.refuse(ADMIN, forPaul, "Essai de double contrôle.");

		// The other admin decides, and the account is created.
		approve(SECOND_ADMIN, appointment);
		assertThat(this.habilitations.awaitsAccount(appointment)).isFalse();
		assertThat(this.keycloak.usersWithEmail(email).size()).isOne();
	}

	@Test
	void aPersonWhoComesBackMustChooseANewPasswordAndCode() {
		// A former aidant: deactivated, their Keycloak account disabled but still holding
		// the password and TOTP device they used.
		String email = "retour.aidante@saint-aubin.example.fr";
		String account = this.keycloak.createUserWithCredentials(email, email, "Ancien-mot-de-passe-2025!",
				"ancien-totp-secret-01", false);
		UUID former = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, state_changed_at)
				VALUES (?, ?, 'Ancienne', 'Aidante', ?, 'DEACTIVATED', now(), now())
				""").params(former, account, email).update();
		assertThat(this.keycloak.credentialTypes(account)).containsExactlyInAnyOrder("password", "otp");

		// The responsable asks again, another admin approves.
		UUID request = requestAt(SAINT_AUBIN, DemoAccount.HUGO, email);
		assertThat(aidantOf(request)).isEqualTo(former);
		approve(ADMIN, request);
		assertThat(this.habilitations.awaitsAccount(request)).isFalse();

		// Same account, enabled again, with neither the old password nor the old device:
		// the invitation asks for a new password, and the sign-in for a new device (the
		// OTP step asks an account without one to configure it, ADR 0041).
		assertThat(this.keycloak.usersWithEmail(email).size()).isOne();
		var user = this.keycloak.user(account);
		assertThat(user.get("enabled").asBoolean()).isTrue();
		assertThat(this.keycloak.credentialTypes(account)).isEmpty();
		assertThat(user.get("requiredActions").toString()).contains("UPDATE_PASSWORD");
		assertThat(this.jdbc
			.sql("SELECT payload FROM journal_entry WHERE action = 'ACCOUNT_PROVISIONED'"
					+ " AND payload::json ->> 'aidant' = ?")
			.param(former.toString())
			.query(String.class)
			.single()).contains("\"reinstated\":true")
			.contains("\"credentialsRemoved\":[\"otp\",\"password\"]")
			.contains("UPDATE_PASSWORD");
	}

	private long refusals(UUID admin) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = 'ACCESS_DENIED' AND actor_id = ?")
			.param(admin.toString())
			.query(Long.class)
			.single();
	}

	private UUID requestAt(UUID structure, DemoAccount responsable, String email) {
		StaffMember member = this.staff.findBySubject(responsable.subject()).orElseThrow();
		return this.habilitations.request(member, member.structure(structure).orElseThrow(),
				new PersonForm("Essai", "Demande", email));
	}

	private String status(UUID request) {
		return this.jdbc.sql("SELECT status FROM habilitation_request WHERE id = ?")
			.param(request)
			.query(String.class)
			.single();
	}

	private UUID aidantOf(UUID request) {
		return this.jdbc.sql("SELECT aidant_id FROM habilitation_request WHERE id = ?")
			.param(request)
			.query(UUID.class)
			.single();
	}

	/** Approves, then waits for the account step that follows the commit to settle. */
	private void approve(Actor admin, UUID request) {
		this.habilitations.approve(admin, request);
		this.followUps.settle(HabilitationApproved.class, request);
	}

	private void removeRole(Actor admin, UUID structure, UUID aidant, Role role) {
		this.appointments.removeRole(admin, structure, aidant, role);
		this.followUps.settle(AidantDeactivated.class, aidant);
	}

	private long incompletePublications(Class<?> event, UUID id) {
		return this.jdbc
			.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND event_type = ?"
					+ " AND serialized_event LIKE ?")
			.params(event.getName(), "%" + id + "%")
			.query(Long.class)
			.single();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private long journalCount(String action, UUID aidant) {
		return this.jdbc.sql("SELECT count(*) FROM journal_entry WHERE action = ? AND payload::json ->> 'aidant' = ?")
			.params(action, aidant.toString())
			.query(Long.class)
			.single();
	}

}
