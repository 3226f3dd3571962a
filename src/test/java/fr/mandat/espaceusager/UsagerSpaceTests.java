package fr.mandat.espaceusager;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mandat.demarche.DemarcheCatalogue;
import fr.mandat.demarche.DemarcheExecutions;
import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalWitness;
import fr.mandat.mandate.MandateAuthority;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import fr.mandat.support.Waits;
import fr.mandat.usager.UsagerPseudonyms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usager's space over real HTTP, signed in through the usagers' realm: each usager
 * sees exactly their own mandates, démarches and entries, another usager's are 404, staff
 * sessions never reach it, a self-revocation takes the same lock as one at the counter
 * and is journaled with the usager as actor, and the data export holds exactly their
 * data.
 */
@MandatIntegrationTest
class UsagerSpaceTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final UUID CAMILLE = UUID.fromString("7d2f9a10-0000-4000-8000-000000000001");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DemarcheExecutions executions;

	@Autowired
	private DemarcheCatalogue catalogue;

	@Autowired
	private MandateAuthority authority;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private UsagerPseudonyms pseudonyms;

	private final KeycloakAdmin keycloak = new KeycloakAdmin();

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void aUsagerSeesTheirOwnMandatesAndDemarchesAndAnotherUsagersAre404() throws Exception {
		Usager alice = usager("Alice");
		Usager bruno = usager("Bruno");
		UUID hers = mandate(alice, List.of("social", "argent"));
		UUID his = mandate(bruno, List.of("social"));
		Result.Done done = (Result.Done) declaration(hers);

		StaffHttp space = StaffHttp.signInUsager(alice.username());
		HttpResponse<String> home = space.get("/mon-espace");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Alice Essai", VILLENEUVE, "Camille Martin", "Social - Santé",
				"Déclarer ses ressources trimestrielles", "Caisse d&#39;allocations familiales", done.reference());
		assertThat(home.body()).doesNotContain(his.toString(), "Bruno");
		assertThat(space.get("/mon-espace/mandats/" + hers + "/attestation.pdf").body()).startsWith("%PDF");

		// Bruno's mandate, his revocation form and his entries are « introuvable » for
		// Alice, exactly like ids that do not exist.
		for (String path : List.of("/mon-espace/mandats/" + his + "/attestation.pdf",
				"/mon-espace/mandats/" + his + "/revocation", "/mon-espace/recus/" + entryOf(his, "MANDATE_CREATED"),
				"/mon-espace/recus/" + entryOf(his, "MANDATE_CREATED") + "/recu.tlog-proof",
				"/mon-espace/mandats/" + UUID.randomUUID() + "/revocation", "/mon-espace/recus/" + UUID.randomUUID())) {
			assertThat(space.get(path).statusCode()).as(path).isEqualTo(404);
		}
		HttpResponse<String> foreignRevocation = space.form("POST", "/mon-espace/mandats/" + his + "/revocation",
				Map.of("_csrf", space.spaceCsrfToken(), "cle", UUID.randomUUID().toString()));
		assertThat(foreignRevocation.statusCode()).isEqualTo(404);
		assertThat(count("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?", his)).isZero();

		// Her mandate's receipt: a C2SP tlog-proof the offline verifier accepts against
		// the
		// journal's key and the witnesses' own keys.
		UUID created = entryOf(hers, "MANDATE_CREATED");
		Waits.upTo(Duration.ofSeconds(30), "the mandate's entry in a witnessed checkpoint")
			.until(() -> space.get("/mon-espace/recus/" + created + "/recu.tlog-proof").statusCode() == 200);
		HttpResponse<String> page = space.get("/mon-espace/recus/" + created);
		assertThat(page.body()).contains("Ce que ce reçu prouve", "Mandat a vérifié ce reçu");
		Path receipt = Files.createTempFile("recu", ".tlog-proof");
		Files.writeString(receipt, space.get("/mon-espace/recus/" + created + "/recu.tlog-proof").body());
		List<String> args = new ArrayList<>(List.of("preuve", receipt.toString(), "--cle", journalKey(page.body())));
		for (LocalWitness witness : LocalInfrastructure.get().witnesses()) {
			args.add("--temoin");
			args.add(witness.verifierKey());
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = Verifier.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VÉRIFIÉ").contains(hers.toString());
		assertThat(exit).isZero();
	}

	@Test
	void staffSessionsNeverReachTheSpaceAndASpaceSessionNeverReachesStaffPages() {
		StaffHttp staff = StaffHttp.signIn(DemoAccount.LUCAS);
		HttpResponse<String> refused = staff.get("/mon-espace");
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location").orElseThrow())
			.endsWith("/mon-espace/connexion/mandat-espace");

		Usager alice = usager("Alice");
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		HttpResponse<String> staffPage = space.get("/mandats");
		assertThat(staffPage.statusCode()).isEqualTo(302);
		assertThat(staffPage.headers().firstValue("Location").orElseThrow()).endsWith("/oauth2/authorization/mandat");

		// Side by side in one browser: each space sees its own person only, and the
		// usager signing out leaves the staff session signed in.
		staff.signInToSpace(alice.username());
		assertThat(staff.get("/").body()).contains("Lucas Bernard").doesNotContain("Alice Essai");
		assertThat(staff.get("/mon-espace").body()).contains("Alice Essai").doesNotContain("Lucas Bernard");
		HttpResponse<String> signedOut = staff.form("POST", "/mon-espace/deconnexion",
				Map.of("_csrf", staff.spaceCsrfToken()));
		assertThat(signedOut.statusCode()).isEqualTo(302);
		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).contains("/realms/usagers/");
		assertThat(staff.get("/mon-espace").statusCode()).isEqualTo(302);
		assertThat(staff.get("/").statusCode()).isEqualTo(200);
		// Her two sign-ins and her sign-out are journaled under her pseudonym.
		assertThat(count("SELECT count(*) FROM journal_entry WHERE action = 'SIGNED_IN' AND actor_type = 'USAGER'"
				+ " AND usager_ref = ?", alice.pseudonym()))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM journal_entry WHERE action = 'SIGNED_OUT' AND actor_type = 'USAGER'"
				+ " AND usager_ref = ?", alice.pseudonym()))
			.isOne();
	}

	@Test
	void aSignInThatCannotBeCompletedEndsOnTheRefusalPageSignedOut() {
		StaffHttp browser = StaffHttp.anonymous();
		HttpResponse<String> callback = browser.get("/mon-espace/retour-connexion?code=forged&state=forged");
		assertThat(callback.statusCode()).isEqualTo(302);
		assertThat(callback.headers().firstValue("Location").orElseThrow()).endsWith("/mon-espace/connexion-refusee");
		HttpResponse<String> refused = browser.get("/mon-espace/connexion-refusee");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("Connexion refusée");
		assertThat(browser.get("/mon-espace").statusCode()).isEqualTo(302);
	}

	@Test
	void aSelfRevocationIsJournaledWithTheUsagerAsActorOnceAndTheNextDemarcheInItIsRefused() {
		Usager alice = usager("Alice");
		UUID mandate = mandate(alice, List.of("social", "argent"));
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		String key = field(space.get("/mon-espace/mandats/" + mandate + "/revocation?categorie=argent").body(), "cle");
		Map<String, String> form = Map.of("_csrf", space.spaceCsrfToken(), "cle", key, "categorie", "argent");

		HttpResponse<String> first = space.form("POST", "/mon-espace/mandats/" + mandate + "/revocation", form);
		HttpResponse<String> again = space.form("POST", "/mon-espace/mandats/" + mandate + "/revocation", form);
		assertThat(first.statusCode()).isEqualTo(302);
		String done = first.headers().firstValue("Location").orElseThrow();
		assertThat(done).contains("/mon-espace/revocations/");
		assertThat(again.headers().firstValue("Location")).contains(done);
		assertThat(space.get(done.substring(done.indexOf("/mon-espace"))).body()).contains("Révocation faite",
				"Argent - Impôts - Consommation");

		assertThat(count("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ? AND revoked_by IS NULL"
				+ " AND revoked_by_usager = '" + alice.pseudonym() + "'", mandate))
			.isOne();
		assertThat(count("SELECT count(*) FROM journal_entry WHERE mandate_id = ? AND action = 'AUTORISATION_REVOKED'"
				+ " AND actor_type = 'USAGER' AND actor_id = '" + alice.pseudonym() + "'", mandate))
			.isOne();
		assertThat(executions(mandate, "copie-avis-imposition")).isInstanceOfSatisfying(Result.Refused.class,
				refused -> assertThat(refused.reason()).isEqualTo("category-not-covered"));
		assertThat(declaration(mandate)).isInstanceOf(Result.Done.class);
		String revocation = done.substring(done.lastIndexOf('/') + 1);
		assertThat(space.get("/mon-espace/revocations/" + revocation + "/attestation.pdf").body()).startsWith("%PDF");
		// The aidant's page of the mandate says who revoked.
		assertThat(StaffHttp.signIn(DemoAccount.CAMILLE).get("/mandats/" + mandate).body())
			.contains("L&#39;usager, depuis son espace");
	}

	@Test
	void aSelfRevocationWaitsForADemarcheUnderWayAndTheNextOneIsRefused() throws Exception {
		Usager alice = usager("Alice");
		UUID mandate = mandate(alice, List.of("social"));
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		String key = field(space.get("/mon-espace/mandats/" + mandate + "/revocation").body(), "cle");
		String csrf = space.spaceCsrfToken();

		// A démarche's check holds the mandate's shared lock until its transaction ends.
		CountDownLatch checked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<MandateAuthority.Decision> underWay = CompletableFuture
			.supplyAsync(() -> this.transactions.execute(status -> {
				MandateAuthority.Decision decision = this.authority.authorise(mandate, VILLENEUVE_ID,
						DemarcheCategory.SOCIAL);
				checked.countDown();
				await(release);
				return decision;
			}));
		assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<HttpResponse<String>> revocation = CompletableFuture.supplyAsync(() -> space.form("POST",
				"/mon-espace/mandats/" + mandate + "/revocation", Map.of("_csrf", csrf, "cle", key)));
		Waits.upTo(Duration.ofSeconds(2), "the revocation waiting for the démarche's lock")
			.during(Duration.ofMillis(700))
			.until(() -> !revocation.isDone());
		release.countDown();
		assertThat(underWay.get(10, TimeUnit.SECONDS)).isInstanceOf(MandateAuthority.Authorised.class);
		assertThat(revocation.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(302);
		assertThat(declaration(mandate)).isInstanceOfSatisfying(Result.Refused.class,
				refused -> assertThat(refused.reason()).isEqualTo("mandate-revoked"));
	}

	@Test
	void anOldSignInIsRenewedAtTheIdentityProviderThenTheRevocationResumes() {
		Usager alice = usager("Alice");
		UUID mandate = mandate(alice, List.of("social"));
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		String key = field(space.get("/mon-espace/mandats/" + mandate + "/revocation").body(), "cle");
		String csrf = space.spaceCsrfToken();

		TestClock.shift(Duration.ofMinutes(10));
		HttpResponse<String> asked = space.form("POST", "/mon-espace/mandats/" + mandate + "/revocation",
				Map.of("_csrf", csrf, "cle", key));
		assertThat(asked.headers().firstValue("Location").orElseThrow())
			.endsWith("/mon-espace/connexion/mandat-espace?renforcement");
		HttpResponse<String> toProvider = space.get("/mon-espace/connexion/mandat-espace?renforcement");
		assertThat(toProvider.headers().firstValue("Location").orElseThrow()).contains("max_age=300");
		assertThat(count("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?", mandate)).isZero();

		// The identity provider authenticated her within max_age: back in the space, the
		// revocation is carried out at once.
		TestClock.reset();
		HttpResponse<String> resumed = space
			.followThroughIdentityProvider("/mon-espace/connexion/mandat-espace?renforcement");
		assertThat(resumed.statusCode()).isEqualTo(200);
		assertThat(resumed.uri().getPath()).startsWith("/mon-espace/revocations/");
		assertThat(resumed.body()).contains("Révocation faite");
		assertThat(count("SELECT count(*) FROM mandate_revocation WHERE mandate_id = ?", mandate)).isOne();
	}

	@Test
	void theDataExportHoldsExactlyTheirDataAndIsJournaled() throws Exception {
		Usager alice = usager("Alice");
		Usager bruno = usager("Bruno");
		UUID hers = mandate(alice, List.of("social"));
		UUID his = mandate(bruno, List.of("social"));
		Result.Done done = (Result.Done) declaration(hers);
		declaration(his);
		StaffHttp space = StaffHttp.signInUsager(alice.username());

		HttpResponse<String> response = space.get("/mon-espace/donnees.json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
		JsonNode export = JSON.readTree(response.body());
		assertThat(export.get("pseudonyme").asString()).isEqualTo(alice.pseudonym());
		assertThat(export.get("identite").get("prenoms").asString()).isEqualTo("Alice");
		assertThat(ids(export.get("mandats"))).containsExactly(hers.toString());
		assertThat(ids(export.get("demarches"))).containsExactly(done.executionId().toString());
		assertThat(export.get("demarches").get(0).get("saisie").get("numeroAllocataire").asString())
			.isEqualTo("1234567");
		Set<String> theirs = new HashSet<>(this.jdbc.sql("SELECT id::text FROM journal_entry WHERE usager_ref = ?")
			.param(alice.pseudonym())
			.query(String.class)
			.list());
		assertThat(ids(export.get("journal"))).containsExactlyInAnyOrderElementsOf(theirs);
		assertThat(response.body()).doesNotContain(his.toString(), bruno.pseudonym(), "Bruno");
		assertThat(count(
				"SELECT count(*) FROM journal_entry WHERE action = 'USAGER_DATA_EXPORTED' AND actor_type = "
						+ "'USAGER' AND usager_ref = '" + alice.pseudonym() + "' AND id = ?",
				UUID.fromString(exported(export))))
			.isOne();

		HttpResponse<String> pdf = space.get("/mon-espace/donnees.pdf");
		assertThat(pdf.body()).startsWith("%PDF");
		assertThat(count("SELECT count(*) FROM journal_entry WHERE action = 'USAGER_DATA_EXPORTED' AND usager_ref = '"
				+ alice.pseudonym() + "' AND payload LIKE ?", "%pdf%"))
			.isOne();
	}

	@Test
	void theNoticesTellEachActInTheirNameAndRemindThirtyDaysBeforeAMandateEnds() {
		Usager alice = usager("Alice");
		UUID mandate = mandate(alice, List.of("social", "argent"));
		declaration(mandate);
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		String key = field(space.get("/mon-espace/mandats/" + mandate + "/revocation?categorie=argent").body(), "cle");
		space.form("POST", "/mon-espace/mandats/" + mandate + "/revocation",
				Map.of("_csrf", space.spaceCsrfToken(), "cle", key, "categorie", "argent"));

		String notices = space.get("/mon-espace/avis").body();
		assertThat(notices).contains("Mandat signé en votre nom", "Camille Martin", "Démarche faite en votre nom",
				"Déclarer ses ressources trimestrielles", "Révocation", "Vous avez révoqué");
		assertThat(notices).doesNotContain("prend bientôt fin");

		// The mandate lasts 31 days: from its second day, it ends within 30.
		TestClock.shift(Duration.ofDays(2));
		assertThat(space.get("/mon-espace/avis").body()).contains("Votre mandat prend bientôt fin");
	}

	@Test
	void aUsagerWhoseDataWasErasedIsToldThereIsNothingLeft() {
		Usager alice = usager("Alice");
		UUID mandate = mandate(alice, List.of("social"));
		StaffHttp space = StaffHttp.signInUsager(alice.username());
		assertThat(space.get("/mon-espace").body()).contains(mandate.toString());

		// As the retention job leaves it (usager/UsagerRetentionTests erases for real).
		this.jdbc.sql("UPDATE usager SET erased_at = now() WHERE pseudonym = ?").param(alice.pseudonym()).update();
		HttpResponse<String> home = space.get("/mon-espace");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Il ne reste rien ici").doesNotContain(mandate.toString());
	}

	private static String exported(JsonNode export) {
		for (JsonNode entry : export.get("journal")) {
			if (entry.get("action").asString().equals("USAGER_DATA_EXPORTED")) {
				return entry.get("id").asString();
			}
		}
		throw new AssertionError("The export does not list its own journal entry");
	}

	private static List<String> ids(JsonNode array) {
		List<String> ids = new ArrayList<>();
		array.forEach(item -> ids.add(item.get("id").asString()));
		return ids;
	}

	private record Usager(String username, String subject, String pseudonym) {
	}

	private Usager usager(String givenName) {
		String username = givenName.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID();
		String subject = this.keycloak.createUsager(username, givenName, "Essai");
		String pseudonym = this.pseudonyms.of(LocalInfrastructure.get().keycloakUrl() + "/realms/usagers", subject);
		return new Usager(username, subject, pseudonym);
	}

	private UUID mandate(Usager usager, List<String> categories) {
		String given = usager.username().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
				+ usager.username().substring(1, usager.username().indexOf('-'));
		return new MandateFixtures(this.context).createFor(usager.subject(), given, "Essai", DemoAccount.CAMILLE,
				VILLENEUVE, categories, 31);
	}

	private Result declaration(UUID mandate) {
		return executions(mandate, "declaration-trimestrielle-ressources");
	}

	private Result executions(UUID mandate, String demarche) {
		Map<String, String> values = demarche.equals("copie-avis-imposition")
				? Map.of("numeroFiscal", "1234567890123", "annee", "2025") : Map.of("numeroAllocataire", "1234567",
						"trimestre", "2026-T2", "salaires", "1200", "autresRessources", "0");
		return this.executions.execute(UUID.randomUUID(), CAMILLE, VILLENEUVE_ID, mandate,
				this.catalogue.demarche(demarche).orElseThrow(), values, false);
	}

	private UUID entryOf(UUID mandate, String action) {
		return this.jdbc.sql("SELECT id FROM journal_entry WHERE mandate_id = ? AND action = ?")
			.params(mandate, action)
			.query(UUID.class)
			.single();
	}

	private long count(String sql, Object parameter) {
		return this.jdbc.sql(sql).param(parameter).query(Long.class).single();
	}

	private static String field(String html, String name) {
		Matcher value = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]+)\"").matcher(html);
		if (!value.find()) {
			throw new AssertionError("No field " + name + " in the page");
		}
		return value.group(1);
	}

	private static String journalKey(String receiptPage) {
		Matcher key = Pattern.compile("--cle (\\S+)").matcher(receiptPage);
		if (!key.find()) {
			throw new AssertionError("No journal key on the receipt page");
		}
		return key.group(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
