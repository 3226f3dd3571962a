package fr.mandat.structure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalMail.Mail;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Totp;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From a responsable's request to the new aidant's first sign-in with TOTP, through the
 * real Keycloak, its invitation e-mail (caught by the local mail catcher) and its pages.
 */
@MandatIntegrationTest
class HabilitationEndToEndTests {

	private static final Pattern LINK = Pattern
		.compile(fr.mandat.local.TestPorts.keycloakUrl() + "/realms/mandat/login-actions/\\S+");

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void aRequestedAidantIsApprovedSetsPasswordAndTotpAndSignsIn() throws Exception {
		String email = "nora.lambert@saint-aubin.example.fr";
		Page page = browser.page();

		// The responsable asks, and bad input is explained beside the fields.
		StaffSignIn.signInAgain(page, DemoAccount.HUGO, "/structure/aidants");
		page.click("text=Demander l’habilitation d’un aidant");
		page.fill("#prenom", "Nora");
		page.fill("#email", "nora.lambert@");
		page.click("button:has-text('Envoyer la demande')");
		assertThat(page.locator("#nom-erreur")).containsText("Indiquez le nom");
		assertThat(page.locator("#email-erreur")).containsText("adresse e-mail valide");
		assertThat(page.locator("#prenom")).hasValue("Nora");
		Accessibility.assertNoSeriousViolations(page);
		page.fill("#nom", "Lambert");
		page.fill("#email", "Lucas.Bernard@saint-aubin.example.fr");
		page.click("button:has-text('Envoyer la demande')");
		assertThat(page.locator("#email-erreur")).containsText("déjà cette adresse e-mail");
		assertThat(count("SELECT count(*) FROM aidant WHERE email LIKE 'nora.lambert%'")).isZero();

		page.fill("#email", " Nora.Lambert@Saint-Aubin.example.fr ");
		page.click("button:has-text('Envoyer la demande')");
		assertThat(page.locator(".fr-alert--success")).containsText("Demande d’habilitation envoyée");
		assertThat(page.locator("#demandes")).containsText("En attente de décision");
		UUID aidant = this.jdbc.sql("SELECT id FROM aidant WHERE email = ?").param(email).query(UUID.class).single();
		assertThat(count(
				"SELECT count(*) FROM journal_entry WHERE action = 'HABILITATION_REQUESTED' AND payload::jsonb->>'aidant' = '"
						+ aidant + "'"))
			.isOne();
		Accessibility.assertNoSeriousViolations(page);

		// The national team approves.
		Page admin = browser.context().browser().newContext().newPage();
		StaffSignIn.signInAgain(admin, DemoAccount.PAUL);
		admin.click("text=Habilitations");
		admin.click("text=Nora Lambert");
		Accessibility.assertNoSeriousViolations(admin);
		admin.click("button:has-text('Accorder l’habilitation')");
		// Approving asks for a fresh one-time code first: nothing is decided before it.
		admin.waitForSelector("#otp");
		assertThat(this.jdbc.sql("SELECT status FROM habilitation_request WHERE aidant_id = ?")
			.param(aidant)
			.query(String.class)
			.single()).isEqualTo("PENDING");
		StaffSignIn.confirmIdentity(admin, DemoAccount.PAUL);
		assertThat(admin.locator(".fr-alert--success")).containsText("Habilitation accordée");
		assertThat(this.jdbc.sql("SELECT state FROM aidant WHERE id = ?").param(aidant).query(String.class).single())
			.isEqualTo("HABILITATED");
		assertThat(count(
				"SELECT count(*) FROM journal_entry WHERE action IN ('HABILITATION_APPROVED', 'ACCOUNT_PROVISIONED')"
						+ " AND payload::jsonb->>'aidant' = '" + aidant + "'"))
			.isEqualTo(2);
		assertThat(this.keycloak.usersWithEmail(email).size()).isOne();
		admin.context().close();

		// The invitation names who invites, for which structure, what Mandat is, how long
		// the link lasts and what to do if it was not expected.
		Mail invitation = invitation(email);
		assertThat(invitation.subject()).isEqualTo("Votre invitation à Mandat");
		assertThat(invitation.body()).contains("Bonjour Nora,")
			.contains("Hugo Durand vous invite à rejoindre Mandat pour la Mairie de Saint-Aubin.")
			.contains("Mandat est le service public qui permet aux aidants habilités")
			.contains("Ce lien est valable 3 jours")
			.contains("Vous n’attendiez pas cette invitation ?");
		assertThat(this.keycloak.attributesOf(email).path("mandat_invite_par").get(0).asString())
			.isEqualTo("Hugo Durand");

		// Its link leads to choosing a password, the rules shown before the first try.
		Matcher link = LINK.matcher(invitation.body());
		assertThat(link.find()).isTrue();
		BrowserContext newcomer = browser.context().browser().newContext();
		Page nora = newcomer.newPage();
		nora.navigate(link.group());
		assertThat(nora.locator("h1")).hasText("Bienvenue dans Mandat");
		Accessibility.assertNoSeriousViolations(nora);
		nora.click("#kc-continue");
		nora.waitForSelector("#password-new");
		assertThat(nora.locator("#password-rules")).containsText("contenir au moins 12 caractères");
		assertThat(nora.locator("#password-rules")).containsText("être différent de votre identifiant");
		Accessibility.assertNoSeriousViolations(nora);
		nora.fill("#password-new", "trop-court");
		nora.fill("#password-confirm", "trop-court");
		nora.click("#kc-update-password");
		assertThat(nora.locator("#input-error-password")).containsText("au moins 12 caractères");
		Accessibility.assertNoSeriousViolations(nora);
		nora.fill("#password-new", "Nora-Mandat-2026!");
		nora.fill("#password-confirm", "Nora-Mandat-2026!");
		nora.click("#kc-update-password");

		// Then to Mandat's sign-in, where the TOTP device is configured, and home.
		assertThat(nora.locator("main")).containsText("Votre mot de passe est enregistré");
		nora.click("#kc-continue");
		nora.waitForSelector("#username");
		nora.fill("#username", email);
		nora.fill("#password", "Nora-Mandat-2026!");
		nora.click("#kc-login");
		nora.waitForSelector("#totp");
		assertThat(nora.locator("h1")).hasText("Configurer votre code à usage unique");
		Accessibility.assertNoSeriousViolations(nora);
		nora.click("#mode-manual");
		String key = nora.locator("#kc-totp-secret-key").innerText().strip();
		assertThat(key).isNotBlank();
		Accessibility.assertNoSeriousViolations(nora);
		nora.fill("#totp", Totp.codeFromBase32(key));
		nora.click("#saveTOTPBtn");

		assertThat(nora).hasURL(BASE_URL + "/");
		assertThat(nora.locator("h1")).hasText("Bonjour, Nora Lambert");
		assertThat(nora.locator(".fr-header")).containsText("Mairie de Saint-Aubin");
		assertThat(this.jdbc.sql("SELECT last_sign_in_at IS NOT NULL FROM aidant WHERE id = ?")
			.param(aidant)
			.query(Boolean.class)
			.single()).isTrue();
		newcomer.close();
	}

	@Test
	void aRefusalIsExplainedToTheResponsableAndNothingIsCreatedInKeycloak() {
		String email = "marc.olivier@saint-aubin.example.fr";
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.HUGO, "/structure/aidants/nouveau");
		page.fill("#prenom", "Marc");
		page.fill("#nom", "Olivier");
		page.fill("#email", email);
		page.click("button:has-text('Envoyer la demande')");
		assertThat(page.locator(".fr-alert--success")).isVisible();

		Page admin = browser.context().browser().newContext().newPage();
		StaffSignIn.signInAgain(admin, DemoAccount.PAUL, "/admin/habilitations");
		admin.click("text=Marc Olivier");
		admin.click("button:has-text('Refuser la demande')");
		assertThat(admin.locator("#motif-erreur")).containsText("Indiquez le motif");
		admin.fill("#motif", "Formation non suivie.");
		admin.click("button:has-text('Refuser la demande')");
		assertThat(admin.locator(".fr-alert--success")).containsText("Demande refusée");
		admin.context().close();

		page.navigate(BASE_URL + "/structure/aidants");
		assertThat(page.locator("#demandes")).containsText("Refusée");
		assertThat(page.locator("#demandes")).containsText("Formation non suivie.");
		assertThat(this.keycloak.usersWithEmail(email).size()).isZero();
		assertThat(count("SELECT count(*) FROM journal_entry WHERE action = 'HABILITATION_REFUSED'")).isPositive();
	}

	@Test
	void anAdminAppointsAResponsableForANewStructureAndManagesAuditors() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.PAUL, "/admin/structures");
		page.click("text=Responsables de la Mairie de Saint-Aubin");
		assertThat(page.locator("table")).containsText("Hugo Durand");
		Accessibility.assertNoSeriousViolations(page);
		page.fill("#prenom", "Léa");
		page.fill("#nom", "Garnier");
		page.fill("#email", "lea.garnier@");
		page.click("button:has-text('Nommer')");
		assertThat(page.locator("#email-erreur")).containsText("adresse e-mail valide");
		page.fill("#email", "lea.garnier@saint-aubin.example.fr");
		page.click("button:has-text('Nommer')");
		assertThat(page.locator(".fr-alert--success")).containsText("Une autre personne de l’équipe nationale");
		assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("Léa Garnier")))
			.containsText("Demande en cours");
		assertThat(this.keycloak.usersWithEmail("lea.garnier@saint-aubin.example.fr").size()).isZero();

		// Paul cannot approve what he asked for; Claire, the other admin, can.
		page.navigate(BASE_URL + "/admin/habilitations");
		page.click("text=Léa Garnier");
		page.click("button:has-text('Accorder l’habilitation')");
		assertThat(page.locator(".fr-alert--error")).containsText("une autre personne de l'équipe nationale");
		Page claire = browser.context().browser().newContext().newPage();
		StaffSignIn.signInAgain(claire, DemoAccount.CLAIRE, "/admin/habilitations");
		claire.click("text=Léa Garnier");
		claire.click("button:has-text('Accorder l’habilitation')");
		StaffSignIn.confirmIdentity(claire, DemoAccount.CLAIRE);
		assertThat(claire.locator(".fr-alert--success")).containsText("Habilitation accordée");
		claire.context().close();
		page.navigate(BASE_URL + "/admin/structures");
		page.click("text=Responsables de la Mairie de Saint-Aubin");
		assertThat(page.locator("tbody tr", new Page.LocatorOptions().setHasText("Léa Garnier")))
			.containsText("Habilité");
		assertThat(this.keycloak.usersWithEmail("lea.garnier@saint-aubin.example.fr").size()).isOne();

		page.click("text=Auditeurs");
		assertThat(page.locator("table")).containsText("Inès Moreau");
		Accessibility.assertNoSeriousViolations(page);
	}

	@Test
	void aidantsReachNeitherTheRequestFormNorTheAdminPages() {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE);
		assertThat(page.navigate(BASE_URL + "/structure/aidants/nouveau").status()).isEqualTo(403);
		assertThat(page.navigate(BASE_URL + "/admin/habilitations").status()).isEqualTo(403);
		assertThat(page.navigate(BASE_URL + "/admin/auditeurs").status()).isEqualTo(403);
		assertThat(page.locator(".fr-nav")).not().containsText("Habilitations");
	}

	private Mail invitation(String email) {
		return Waits.upTo(Duration.ofSeconds(20), "an invitation e-mail for " + email)
			.until(() -> LocalInfrastructure.get()
				.mail()
				.messages()
				.stream()
				.filter(m -> m.to().contains(email) && LINK.matcher(m.body()).find())
				.reduce((first, second) -> second), Optional::isPresent)
			.orElseThrow();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

}
