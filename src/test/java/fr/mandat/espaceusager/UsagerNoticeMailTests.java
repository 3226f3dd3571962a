package fr.mandat.espaceusager;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.demarche.DemarcheCatalogue;
import fr.mandat.demarche.DemarcheExecutions;
import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalMail.Mail;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import fr.mandat.usager.UsagerPseudonyms;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A usager who asks for their notices by e-mail (consent required, a French message
 * beside the field otherwise) gets one e-mail for what happens afterwards in their name,
 * not twice, none after stopping; the address is in their data export and stored
 * encrypted.
 */
@MandatIntegrationTest
class UsagerNoticeMailTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DemarcheExecutions executions;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Autowired
	private UsagerPseudonyms pseudonyms;

	@Autowired
	private NoticeMails mails;

	@Autowired
	private JdbcClient jdbc;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@Test
	void aSubscribedUsagerIsToldOnceOfEachNewActAndNothingAfterStopping() throws Exception {
		String username = "lea-" + UUID.randomUUID();
		String subject = this.keycloak.createUsager(username, "Léa", "Essai");
		String pseudonym = this.pseudonyms.of(LocalInfrastructure.get().keycloakUrl() + "/realms/usagers", subject);
		UUID mandate = new MandateFixtures(this.context).createFor(subject, "Léa", "Essai", DemoAccount.CAMILLE,
				VILLENEUVE, List.of("social"), 31);
		String address = username + "@exemple.fr";
		StaffHttp space = StaffHttp.signInUsager(username);

		HttpResponse<String> withoutConsent = space.form("POST", "/mon-espace/avis/courriel",
				Map.of("_csrf", space.spaceCsrfToken(), "courriel", address));
		assertThat(withoutConsent.statusCode()).isEqualTo(400);
		assertThat(withoutConsent.body()).contains("Cochez la case pour accepter de recevoir vos avis par courriel.",
				"value=\"" + address + "\"");
		HttpResponse<String> invalid = space.form("POST", "/mon-espace/avis/courriel",
				Map.of("_csrf", space.spaceCsrfToken(), "courriel", "lea.exemple.fr", "consentement", "oui"));
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("Saisissez une adresse électronique valide");
		assertThat(subscriptions(pseudonym)).isZero();

		Map<String, String> subscribe = Map.of("_csrf", space.spaceCsrfToken(), "courriel", address, "consentement",
				"oui");
		HttpResponse<String> subscribed = space.form("POST", "/mon-espace/avis/courriel", subscribe);
		HttpResponse<String> again = space.form("POST", "/mon-espace/avis/courriel", subscribe);
		assertThat(List.of(subscribed, again)).allSatisfy(response -> {
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location"))
				.hasValueSatisfying(location -> assertThat(location).endsWith("/mon-espace/avis?courriel=enregistre"));
		});
		assertThat(space.get("/mon-espace/avis?courriel=enregistre").body())
			.contains("vous recevrez vos prochains avis par courriel", address);
		assertThat(subscriptions(pseudonym)).isOne();
		assertThat(new String(this.jdbc.sql("SELECT email FROM usager_notice_subscription WHERE pseudonym = ?")
			.param(pseudonym)
			.query(byte[].class)
			.single(), java.nio.charset.StandardCharsets.ISO_8859_1)).as("stored encrypted").doesNotContain(username);
		assertThat(JsonMapper.builder()
			.build()
			.readTree(space.get("/mon-espace/donnees.json").body())
			.path("avisParCourriel")
			.asString()).isEqualTo(address);

		// The mandate was signed before: the notices page has it, no e-mail repeats it.
		Result.Done done = (Result.Done) declaration(mandate);
		this.mails.run();
		assertThat(mailsTo(address)).as("an act younger than the settling time waits").isEmpty();
		TestClock.freeze(Instant.now().plus(NoticeMails.SETTLE).plusSeconds(30));
		this.mails.run();
		this.mails.run();

		Mail mail = Awaitility.await("the notice e-mail")
			.atMost(Duration.ofSeconds(20))
			.until(() -> mailsTo(address), found -> !found.isEmpty())
			.get(0);
		assertThat(mailsTo(address)).hasSize(1);
		assertThat(mail.subject()).isEqualTo("Mandat : Démarche faite en votre nom");
		assertThat(mail.body()).contains("Déclarer ses ressources trimestrielles", done.reference(), "/mon-espace/avis")
			.doesNotContain("Mandat signé en votre nom");

		HttpResponse<String> stopped = space.form("POST", "/mon-espace/avis/courriel/arret",
				Map.of("_csrf", space.spaceCsrfToken()));
		assertThat(stopped.statusCode()).isEqualTo(302);
		assertThat(subscriptions(pseudonym)).isZero();
		declaration(mandate);
		TestClock.freeze(Instant.now().plus(NoticeMails.SETTLE.multipliedBy(2)).plusSeconds(60));
		this.mails.run();
		assertThat(mailsTo(address)).as("nothing after stopping").hasSize(1);
	}

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	private long subscriptions(String pseudonym) {
		return this.jdbc.sql("SELECT count(*) FROM usager_notice_subscription WHERE pseudonym = ?")
			.param(pseudonym)
			.query(Long.class)
			.single();
	}

	private Result declaration(UUID mandate) {
		return this.executions.execute(UUID.randomUUID(), CAMILLE, VILLENEUVE_ID, mandate,
				this.catalogue.demarche("declaration-trimestrielle-ressources").orElseThrow(),
				Map.of("numeroAllocataire", "1234567", "trimestre", "2026-T2", "salaires", "1200", "autresRessources",
						"0"),
				false);
	}

	private static List<Mail> mailsTo(String address) {
		return LocalInfrastructure.get().mail().messages().stream().filter(m -> m.to().contains(address)).toList();
	}

}
