package fr.mandat.structure;

import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The responsable's space in a real browser: the structure's aidants, deactivation that
 * takes effect on the aidant's very next request, the démarche categories, and who may
 * not reach any of it.
 */
@MandatIntegrationTest
class ResponsableSpaceEndToEndTests {

	private static final String THEO_ID = "7d2f9a10-0000-4000-8000-000000000008";

	private static final String SOPHIE_ID = "7d2f9a10-0000-4000-8000-000000000003";

	private static final String SAINT_AUBIN = "3c6e0b8a-4b1f-4a8e-9c1d-000000000002";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Test
	void deactivationTakesEffectOnTheAidantsNextRequest() {
		// Théo is signed in and working.
		try (BrowserContext theoContext = browser.context().browser().newContext()) {
			Page theo = theoContext.newPage();
			StaffSignIn.signInAgain(theo, DemoAccount.THEO);
			assertThat(theo.navigate(BASE_URL + "/mandats").status()).isEqualTo(200);

			Page hugo = browser.page();
			StaffSignIn.signInAgain(hugo, DemoAccount.HUGO);
			hugo.click("text=Ma structure");
			assertThat(hugo).hasURL(BASE_URL + "/structure/aidants");
			assertThat(hugo.locator("#aidants tbody")).containsText("Théo Girard");
			assertThat(hugo.locator("#aidants tbody")).containsText("Lucas Bernard");
			assertThat(hugo.locator("#aidants tbody")).not().containsText("Sophie Petit");
			Accessibility.assertNoSeriousViolations(hugo);

			hugo.click("text=Désactiver Théo Girard");
			Accessibility.assertNoSeriousViolations(hugo);
			hugo.click("button:has-text('Confirmer la désactivation')");
			assertThat(hugo.locator("#motif-erreur")).containsText("Indiquez le motif");
			hugo.fill("#motif", "A quitté la mairie le 20 novembre.");
			hugo.click("button:has-text('Confirmer la désactivation')");
			// A deactivation asks for a fresh one-time code, then is carried out at once.
			StaffSignIn.confirmIdentity(hugo, DemoAccount.HUGO);
			assertThat(hugo.locator(".fr-alert--success")).containsText("L'aidant est désactivé");
			assertThat(hugo.locator("tbody tr", new Page.LocatorOptions().setHasText("Théo Girard")))
				.containsText("Désactivé");

			// Théo's browser still holds his session cookie, but the session is gone:
			// disabling his account ended his Keycloak sessions, and Keycloak's
			// back-channel logout ended the application's. His next request goes to a
			// sign-in his disabled account cannot pass.
			theo.navigate(BASE_URL + "/mandats");
			assertThat(theo)
				.hasURL(Pattern.compile("^" + fr.mandat.local.TestPorts.keycloakUrl() + "/realms/mandat/.*"));
			assertThat(this.jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
				.param(DemoAccount.THEO.subject())
				.query(Long.class)
				.single()).isZero();
		}
		assertThat(this.jdbc.sql("SELECT state FROM aidant WHERE id = ?::uuid")
			.param(THEO_ID)
			.query(String.class)
			.single()).isEqualTo("DEACTIVATED");
		assertThat(this.jdbc.sql("""
				SELECT payload::json ->> 'reason' FROM journal_entry
				WHERE action = 'HABILITATION_CHANGED' AND payload::json ->> 'aidant' = ?
				""").param(THEO_ID).query(String.class).single()).isEqualTo("A quitté la mairie le 20 novembre.");
		KeycloakAdmin keycloak = new KeycloakAdmin();
		assertThat(keycloak.isEnabled(DemoAccount.THEO)).isFalse();
		assertThat(keycloak.sessionCount(DemoAccount.THEO)).isZero();
	}

	@Test
	void aResponsableCannotTouchAnotherStructuresAidants() {
		long deniedBefore = deniedFor(SOPHIE_ID);
		Page hugo = browser.page();
		StaffSignIn.signInAgain(hugo, DemoAccount.HUGO, "/structure/aidants");
		assertThat(hugo.locator("#aidants tbody")).not().containsText("Sophie Petit");
		String csrf = csrf(hugo);
		String structure = hugo.locator("input[name=_structure]").first().getAttribute("value");
		assertThat(hugo.navigate(BASE_URL + "/structure/aidants/" + SOPHIE_ID + "/desactivation").status())
			.isEqualTo(403);
		var response = hugo.request()
			.post(BASE_URL + "/structure/aidants/" + SOPHIE_ID + "/desactivation", RequestOptions.create()
				.setForm(FormData.create().set("_csrf", csrf).set("_structure", structure).set("motif", "Essai")));
		assertThat(response.status()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT state FROM aidant WHERE id = ?::uuid")
			.param(SOPHIE_ID)
			.query(String.class)
			.single()).isEqualTo("HABILITATED");
		assertThat(deniedFor(SOPHIE_ID)).isEqualTo(deniedBefore + 2);
		// An unknown aidant is refused the same way.
		assertThat(hugo.navigate(BASE_URL + "/structure/aidants/" + java.util.UUID.randomUUID() + "/desactivation")
			.status()).isEqualTo(403);
	}

	private long deniedFor(String aidant) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'ACCESS_DENIED' AND payload::json ->> 'aidant' = ?
				""").param(aidant).query(Long.class).single();
	}

	@Test
	void aidantsAuditorsAndAdminsCannotReachTheResponsableSpace() {
		for (DemoAccount account : List.of(DemoAccount.LUCAS, DemoAccount.INES)) {
			try (BrowserContext context = browser.context().browser().newContext()) {
				Page page = context.newPage();
				StaffSignIn.signInAgain(page, account);
				assertThat(page.navigate(BASE_URL + "/structure/aidants").status()).as(account.name()).isEqualTo(403);
				assertThat(page.navigate(BASE_URL + "/structure/demarches").status()).as(account.name()).isEqualTo(403);
				assertThat(page.locator(".fr-nav")).not().containsText("Ma structure");
			}
		}
	}

	@Test
	void theResponsableChoosesTheCategoriesNewMandatesOffer() {
		List<String> before = categories();
		try {
			Page hugo = browser.page();
			StaffSignIn.signInAgain(hugo, DemoAccount.HUGO, "/structure/demarches");
			Accessibility.assertNoSeriousViolations(hugo);
			for (String code : before) {
				hugo.click("label[for=categorie-" + code + "]");
			}
			hugo.click("button:has-text('Enregistrer')");
			assertThat(hugo.locator("#categories-erreur")).containsText("Choisissez au moins une catégorie");
			assertThat(categories()).isEqualTo(before);

			hugo.click("label[for=categorie-justice]");
			hugo.click("label[for=categorie-logement]");
			hugo.click("button:has-text('Enregistrer')");
			assertThat(hugo.locator(".fr-alert--success")).containsText("Choix enregistré");
			assertThat(categories()).containsExactly("logement", "justice");

			// Hugo is an aidant too: a new mandate offers only those.
			hugo.navigate(BASE_URL + "/mandats/nouveau");
			assertThat(hugo.locator("input[name=categories]")).hasCount(2);
			assertThat(hugo.locator("#avertissement-argent")).hasCount(0);
		}
		finally {
			this.jdbc.sql("UPDATE structure SET demarche_categories = ?::varchar[] WHERE id = ?::uuid")
				.params(before.toArray(String[]::new), SAINT_AUBIN)
				.update();
		}
	}

	private List<String> categories() {
		return this.jdbc.sql("SELECT unnest(demarche_categories) FROM structure WHERE id = ?::uuid")
			.param(SAINT_AUBIN)
			.query(String.class)
			.list();
	}

	private static String csrf(Page page) {
		return page.locator("input[name=_csrf]").first().getAttribute("value");
	}

}
