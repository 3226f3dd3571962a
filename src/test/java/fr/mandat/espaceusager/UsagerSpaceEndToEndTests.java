package fr.mandat.espaceusager;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import fr.mandat.demarche.DemarcheCatalogue;
import fr.mandat.demarche.DemarcheExecutions;
import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalWitness;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PageChecks;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A usager in a real browser: signs in at the usagers' provider, finds the mandate and
 * the démarche an aidant did for them, downloads a receipt and checks it with the offline
 * verifier, revokes one category (and the aidant's next démarche in it is refused); a
 * staff session and the usager's side by side in one browser; axe on every page at 360
 * and 1280 px.
 */
@MandatIntegrationTest
class UsagerSpaceEndToEndTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DemarcheExecutions executions;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Test
	void aUsagerFindsProvesAndStopsWhatWasDoneInTheirName() throws Exception {
		String username = "chloe-" + UUID.randomUUID();
		String subject = new KeycloakAdmin().createUsager(username, "Chloé", "Essai");
		UUID mandate = new MandateFixtures(this.context).createFor(subject, "Chloé", "Essai", DemoAccount.CAMILLE,
				VILLENEUVE, List.of("social", "argent"), 31);
		Result.Done done = (Result.Done) execute(mandate, "declaration-trimestrielle-ressources");

		Page page = browser.page();
		signIn(page, username);
		assertThat(page.locator("h1")).hasText("Mon espace");
		assertThat(page.locator("main")).containsText(VILLENEUVE);
		assertThat(page.locator("main")).containsText("Camille Martin");
		assertThat(page.locator("main")).containsText("Déclarer ses ressources trimestrielles");
		assertThat(page.locator("main")).containsText(done.reference());
		Accessibility.assertNoSeriousViolations(page);

		// The démarche's receipt, once its entry is in a witnessed checkpoint.
		String receipt = page.locator("#demarches ~ .fr-table a:has-text('Reçu')").first().getAttribute("href");
		Waits.upTo(Duration.ofSeconds(30), "the démarche's entry in a witnessed checkpoint").until(() -> {
			page.navigate(BASE_URL + receipt);
			return page.locator("text=Ce que ce reçu prouve").count() > 0;
		});
		assertThat(page.locator("main")).containsText("Mandat a vérifié ce reçu");
		Accessibility.assertNoSeriousViolations(page);
		Download file = page.waitForDownload(() -> page.click("text=Télécharger le reçu"));
		List<String> args = new ArrayList<>(List.of("preuve", file.path().toString(), "--cle",
				journalKey(page.locator("pre").first().textContent())));
		for (LocalWitness witness : LocalInfrastructure.get().witnesses()) {
			args.add("--temoin");
			args.add(witness.verifierKey());
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = Verifier.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VÉRIFIÉ").contains(done.executionId().toString());
		assertThat(exit).isZero();

		// She revokes « Argent » only, from the keyboard-reachable button.
		page.navigate(BASE_URL + "/mon-espace");
		page.click("a:has-text('Révoquer l’autorisation Argent')");
		assertThat(page.locator("h1")).hasText("Révoquer une autorisation");
		Accessibility.assertNoSeriousViolations(page);
		PageChecks.assertReachableByKeyboard(page, page.locator("button:has-text('Confirmer la révocation')"));
		page.click("button:has-text('Confirmer la révocation')");
		assertThat(page.locator("h1")).hasText("Révocation faite");
		assertThat(page.locator("main")).containsText("Argent - Impôts - Consommation");
		Accessibility.assertNoSeriousViolations(page);
		Download attestation = page
			.waitForDownload(() -> page.click("text=Télécharger l’attestation de révocation (PDF)"));
		assertThat(attestation.path()).isNotEmptyFile();

		// The aidant's next démarche in that category is refused; « Social » still works.
		assertThat(execute(mandate, "copie-avis-imposition")).isInstanceOfSatisfying(Result.Refused.class,
				refused -> assertThat(refused.reason()).isEqualTo("category-not-covered"));
		assertThat(execute(mandate, "declaration-trimestrielle-ressources")).isInstanceOf(Result.Done.class);
	}

	@Test
	void staffAndUsagerSideBySideInOneBrowserAtBothWidths() {
		String username = "denise-" + UUID.randomUUID();
		String subject = new KeycloakAdmin().createUsager(username, "Denise", "Essai");
		new MandateFixtures(this.context).createFor(subject, "Denise", "Essai", DemoAccount.CAMILLE, VILLENEUVE,
				List.of("social"), 31);
		for (int width : List.of(360, 1280)) {
			try (BrowserContext sized = browser.context()
				.browser()
				.newContext(new Browser.NewContextOptions().setLocale("fr-FR").setViewportSize(width, 900))) {
				Page page = sized.newPage();
				StaffSignIn.signInAgain(page, DemoAccount.HUGO);
				signIn(page, username);
				assertThat(page.locator("main")).containsText("Bonjour Denise Essai");
				assertThat(page.locator("body")).not().containsText("Hugo Durand");
				Accessibility.assertNoSeriousViolations(page);

				page.navigate(BASE_URL + "/mon-espace/avis");
				assertThat(page.locator("main")).containsText("Mandat signé en votre nom");
				Accessibility.assertNoSeriousViolations(page);
				if (width == 360) {
					// Notices by e-mail: the consent box forgotten, then ticked.
					page.fill("#courriel", username + "@exemple.fr");
					page.click("button:has-text('Recevoir mes avis par courriel')");
					assertThat(page.locator("#consentement-erreur")).containsText("Cochez la case");
					assertThat(page.locator("#courriel")).hasValue(username + "@exemple.fr");
					Accessibility.assertNoSeriousViolations(page);
					page.click("label[for=consentement]");
					page.click("button:has-text('Recevoir mes avis par courriel')");
					page.waitForURL(url -> url.endsWith("/mon-espace/avis?courriel=enregistre"));
					assertThat(page.locator("main")).containsText("vous recevrez vos prochains avis par courriel");
					Accessibility.assertNoSeriousViolations(page);
				}

				page.navigate(BASE_URL + "/");
				assertThat(page.locator("h1")).containsText("Bonjour, Hugo Durand");
				assertThat(page.locator("body")).not().containsText("Denise");

				page.navigate(BASE_URL + "/mon-espace/mandats/" + UUID.randomUUID() + "/revocation");
				assertThat(page.locator("h1")).hasText("Introuvable");
				Accessibility.assertNoSeriousViolations(page);

				if (width == 1280) {
					page.navigate(BASE_URL + "/mon-espace");
					page.click("header button:has-text('Se déconnecter')");
					page.waitForURL(url -> url.endsWith("/mon-espace/deconnexion-faite"));
					assertThat(page.locator("h1")).containsText("déconnecté");
					Accessibility.assertNoSeriousViolations(page);
					page.navigate(BASE_URL + "/");
					assertThat(page.locator("h1")).containsText("Bonjour, Hugo Durand");
				}
			}
		}
	}

	/** Opens the space and signs in at the usagers' provider, as the usager would. */
	private static void signIn(Page page, String username) {
		page.navigate(BASE_URL + "/mon-espace");
		page.waitForURL(url -> url.contains("/realms/usagers/"));
		page.fill("#username", username);
		page.fill("#password", StaffHttp.USAGER_PASSWORD);
		page.click("#kc-login");
		page.waitForURL(url -> url.startsWith(BASE_URL + "/mon-espace"));
	}

	private Result execute(UUID mandate, String demarche) {
		Map<String, String> values = demarche.equals("copie-avis-imposition")
				? Map.of("numeroFiscal", "1234567890123", "annee", "2025") : Map.of("numeroAllocataire", "1234567",
						"trimestre", "2026-T2", "salaires", "1200", "autresRessources", "0");
		return this.executions.execute(UUID.randomUUID(), CAMILLE, VILLENEUVE_ID, mandate,
				this.catalogue.demarche(demarche).orElseThrow(), values, false);
	}

	private static String journalKey(String command) {
		Matcher key = Pattern.compile("--cle (\\S+)").matcher(command);
		if (!key.find()) {
			throw new AssertionError("No journal key in " + command.toLowerCase(Locale.ROOT));
		}
		return key.group(1);
	}

}
