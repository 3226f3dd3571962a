package fr.mandat.mandate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.Accessibility;
import fr.mandat.support.BrowserPages;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.PdfDocuments;
import fr.mandat.support.StaffSignIn;
import fr.mandat.support.TestClock;
import fr.mandat.support.Totp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole counter flow in a real browser: sign-in with TOTP, categories and duration,
 * the usager's identification at the usagers' identity provider, the step-up, the signed
 * PDF checked with pdfsig, the QR code's verification page; then revocation. Every page
 * of the flow passes axe-core with no serious or critical violation.
 */
@MandatIntegrationTest
class MandateFlowEndToEndTests {

	static final String USAGER_PASSWORD = "Usager-demo-2026!";

	@RegisterExtension
	static final BrowserPages browser = new BrowserPages();

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void aidantCreatesAMandateThePaperVerifiesAndItIsRevoked() throws Exception {
		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/nouveau");
		Accessibility.assertNoSeriousViolations(page);
		assertThat(page.locator("#avertissement-argent")).containsText("Argent - Impôts - Consommation");
		page.click("label[for=categorie-social]");
		page.click("label[for=categorie-argent]");
		page.click("label[for=duree-31]");
		page.click("button:has-text('Continuer')");

		assertThat(page).hasURL(BASE_URL + "/mandats/nouveau/identification");
		Accessibility.assertNoSeriousViolations(page);
		identifyUsager(page, "jeanne.dupont");

		assertThat(page).hasURL(BASE_URL + DraftSession.RECAP);
		assertThat(page.locator("main")).containsText("Jeanne Dupont");
		assertThat(page.locator("main")).containsText("14 mars 1956");
		// The aidant is still signed in; the usager was signed out of their provider.
		assertThat(page.locator(".fr-header")).containsText("Camille Martin");
		assertThat(new KeycloakAdmin().usagerSessionCount("jeanne.dupont")).isZero();
		Accessibility.assertNoSeriousViolations(page);

		// Signing without the consent box: the message is beside the box.
		page.click("button:has-text('Signer le mandat')");
		assertThat(page.locator("#consentement-erreur")).containsText("Cochez cette case");
		Accessibility.assertNoSeriousViolations(page);

		// Signing asks for a fresh one-time code, even a minute after the sign-in; once
		// given, the mandate is signed without a second click.
		page.click("label[for=consentement]");
		page.click("button:has-text('Signer le mandat')");
		page.waitForURL(url -> url.contains("/realms/mandat/"));
		assertThat(page.locator("#password")).hasCount(0);
		reauthenticate(page, DemoAccount.CAMILLE);

		assertThat(page.locator(".fr-alert--success")).containsText("Mandat signé");
		Accessibility.assertNoSeriousViolations(page);
		UUID mandateId = UUID.fromString(page.url().replaceAll(".*/mandats/([0-9a-f-]{36}).*", "$1"));
		assertThat(page.locator("main")).containsText("Argent - Impôts - Consommation");
		assertThat(page.locator("main")).containsText("Mandat créé");

		Download download = page.waitForDownload(() -> page.click("text=Télécharger l'attestation"));
		Path pdf = download.path();
		String pdfsig = PdfDocuments.pdfsig(pdf);
		assertThat(pdfsig).contains("Signature is Valid").contains("Total document signed");
		assertThat(PdfDocuments.text(pdf)).contains("Jeanne").contains("Dupont").contains("Social - Santé");
		String digest = this.jdbc.sql("SELECT digest FROM mandate WHERE id = ?")
			.param(mandateId)
			.query(String.class)
			.single();
		String verificationUrl = PdfDocuments.qrCode(pdf);
		assertThat(verificationUrl).isEqualTo(BASE_URL + "/verifier/" + mandateId + "?empreinte=" + digest);

		// Anyone holding the paper: a fresh browser, not signed in.
		try (var stranger = browser.context().browser().newContext()) {
			Page public_ = stranger.newPage();
			Response response = public_.navigate(verificationUrl);
			assertThat(response.status()).isEqualTo(200);
			assertThat(public_.locator(".fr-alert--success")).containsText("Ce mandat est valable");
			assertThat(public_.locator("main")).not().containsText("Jeanne");
			Accessibility.assertNoSeriousViolations(public_);

			// Revoke "argent", then everything: each revocation is confirmed with its own
			// one-time code and is done as soon as it is given.
			page.click("text=Révoquer « Argent - Impôts - Consommation »");
			Accessibility.assertNoSeriousViolations(page);
			page.click("button:has-text('Confirmer la révocation')");
			reauthenticate(page, DemoAccount.CAMILLE);
			assertThat(page.locator(".fr-alert--success")).containsText("Révocation enregistrée");
			Download revocation = page.waitForDownload(() -> page.click("text=Révocation du"));
			assertThat(PdfDocuments.pdfsig(revocation.path())).contains("Signature is Valid");
			assertThat(PdfDocuments.text(revocation.path())).contains("Argent - Impôts - Consommation");

			public_.navigate(verificationUrl);
			assertThat(public_.locator("#non-couvertes")).containsText("Argent - Impôts - Consommation (révoquée le");
			assertThat(public_.locator("#couvertes")).containsText("Social - Santé");

			page.click("text=Révoquer tout le mandat");
			List<String> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();
			page.onRequest(request -> {
				if (request.url().contains("/renforcement/")) {
					resumed.add(request.url());
				}
			});
			page.click("button:has-text('Confirmer la révocation')");
			reauthenticate(page, DemoAccount.CAMILLE);
			assertThat(page).hasURL(BASE_URL + "/mandats/" + mandateId + "?revoque");
			assertThat(page.locator(".fr-badge").first()).containsText("Révoqué");
			assertThat(this.jdbc.sql("SELECT revoked_at IS NOT NULL FROM mandate WHERE id = ?")
				.param(mandateId)
				.query(Boolean.class)
				.single()).isTrue();
			// Reloading the result does not revoke anything twice.
			long revocations = this.jdbc.sql("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?")
				.param(mandateId)
				.query(Long.class)
				.single();
			page.reload();
			assertThat(resumed).hasSize(1);
			page.navigate(resumed.get(0));
			assertThat(page).hasURL(BASE_URL + "/mandats/" + mandateId + "?revoque");
			assertThat(this.jdbc.sql("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?")
				.param(mandateId)
				.query(Long.class)
				.single()).isEqualTo(revocations);
			public_.navigate(verificationUrl);
			assertThat(public_.locator(".fr-alert--error")).containsText("Ce mandat n’est pas valable");

			// A changed digest finds nothing.
			Response tampered = public_.navigate(BASE_URL + "/verifier/" + mandateId + "?empreinte=" + "a".repeat(64));
			assertThat(tampered.status()).isEqualTo(404);
			assertThat(public_.locator("h1")).containsText("Mandat introuvable");
		}

		// The list shows it among the revoked ones.
		page.navigate(BASE_URL + "/mandats?statut=revoques&usager=dupont");
		Accessibility.assertNoSeriousViolations(page);
		assertThat(page.locator("tbody")).containsText("Jeanne Dupont");
	}

	@Test
	void aidantRenewsAMandateWithoutANewIdentification() {
		MandateTestData data = new MandateTestData(this.mandates, this.clock, this.staff);
		Mandate old = data.create(data.camille(), MandateTestData.newSubject(), List.of("famille", "logement"), 1);

		Page page = browser.page();
		StaffSignIn.signInAgain(page, DemoAccount.CAMILLE, "/mandats/" + old.id());
		page.click("text=Renouveler");
		Accessibility.assertNoSeriousViolations(page);
		page.click("button:has-text('Continuer vers le récapitulatif')");
		assertThat(page.locator("#duree-erreur")).containsText("Choisissez la durée du mandat");
		page.click("label[for=duree-182]");
		page.click("button:has-text('Continuer vers le récapitulatif')");

		assertThat(page).hasURL(BASE_URL + DraftSession.RECAP);
		assertThat(page.locator("main")).containsText("Renouvellement du mandat");
		assertThat(page.locator("main")).containsText("Jeanne Dupont");
		page.click("label[for=consentement]");
		page.click("button:has-text('Signer le mandat')");
		reauthenticate(page, DemoAccount.CAMILLE);

		assertThat(page.locator(".fr-alert--success")).containsText("Mandat signé");
		assertThat(page.locator("main")).containsText("Renouvelle");
		assertThat(page.locator("main")).containsText(old.id().toString());
		assertThat(page.locator("main")).containsText("Mandat renouvelé");
		// The old mandate's autorisations were replaced by the new ones.
		page.navigate(BASE_URL + "/mandats/" + old.id());
		assertThat(page.locator(".fr-badge").first()).containsText("Révoqué");
	}

	/** Goes through the usagers' identity provider as the usager would. */
	static void identifyUsager(Page page, String username) {
		page.click("button:has-text('Identifier l\\'usager')");
		page.waitForURL(url -> url.contains("/realms/usagers/"));
		page.waitForSelector("#password");
		if (page.locator("#reset-login").count() > 0) {
			// A previous usager's session is still open at the provider: start afresh.
			page.click("#reset-login");
			page.waitForSelector("#username");
		}
		page.fill("#username", username);
		page.fill("#password", USAGER_PASSWORD);
		page.click("#kc-login");
		page.waitForURL(url -> url.startsWith(BASE_URL + "/mandats/"));
	}

	/** Keycloak's confirmation of identity for a sensitive action. */
	static void reauthenticate(Page page, DemoAccount account) {
		StaffSignIn.confirmIdentity(page, account);
	}

}
