package fr.mandat.audit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.VerificationReport;
import fr.mandat.journal.proof.cli.Verifier;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database owner disables the mandate triggers and makes a revoked mandate active
 * again without touching the journal. The full verification replays the journal's mandate
 * events and names the mandate; so does the offline verifier, given the whole journal
 * exported and what the public verification page says of the mandate.
 */
@MandatIntegrationTest
class MandateRevivalTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@TempDir
	Path directory;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	@Autowired
	private JournalAudit audit;

	@Autowired
	private AuditVerification verification;

	@Test
	void aRevivedMandateIsFoundAndNamed() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID id = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		fixtures.revoke(id, DemoAccount.CAMILLE, VILLENEUVE);
		awaitWitnessed(id);
		String digest = this.jdbc.sql("SELECT digest FROM mandate WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.single();
		assertThat(this.verification.verify(Actor.system(), null).findings()).as("consistent before").isEmpty();

		try (Connection owner = OwnerDatabase.connect(this.environment);
				Statement statement = owner.createStatement()) {
			statement.execute(
					"CREATE TEMP TABLE saved_mandate AS SELECT id, revoked_at, revoked_by FROM mandate WHERE id = '"
							+ id + "'");
			statement
				.execute("CREATE TEMP TABLE saved_autorisation AS SELECT id, revoked_at, revoked_by FROM autorisation "
						+ "WHERE mandate_id = '" + id + "'");
			statement.execute("ALTER TABLE mandate DISABLE TRIGGER mandate_only_forward");
			statement.execute("ALTER TABLE autorisation DISABLE TRIGGER autorisation_only_forward");
			statement.execute("UPDATE mandate SET revoked_at = NULL, revoked_by = NULL WHERE id = '" + id + "'");
			statement.execute(
					"UPDATE autorisation SET revoked_at = NULL, revoked_by = NULL WHERE mandate_id = '" + id + "'");
			statement.execute("ALTER TABLE mandate ENABLE TRIGGER mandate_only_forward");
			statement.execute("ALTER TABLE autorisation ENABLE TRIGGER autorisation_only_forward");
			try {
				HttpResponse<String> page = HttpClient.newHttpClient()
					.send(HttpRequest
						.newBuilder(URI.create(BASE_URL + "/api/v1/verification/" + id + "?digest=" + digest))
						.GET()
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(page.body()).as("the public page believes it").contains("\"valid\":true");

				VerificationReport report = this.verification.verify(Actor.system(), null);
				assertThat(report.valid()).isFalse();
				assertThat(report.problem()).as("the journal itself is intact").isNull();
				assertThat(report.findings()).anySatisfy(f -> assertThat(f).contains(id.toString()).contains("ranimé"));

				Path publicAnswer = this.directory.resolve("verification.json");
				Files.writeString(publicAnswer, page.body());
				Path export = this.directory.resolve("journal.ndjson");
				try (OutputStream out = Files.newOutputStream(export)) {
					this.audit.exportRange(0, null, null, Actor.system()).writeTo(out);
				}
				List<String> args = new ArrayList<>(List.of("mandat", publicAnswer.toString(), export.toString(),
						"--cle", AuditStreamingTests.journalKey()));
				LocalInfrastructure.get().witnesses().forEach(w -> args.addAll(List.of("--temoin", w.verifierKey())));
				ByteArrayOutputStream output = new ByteArrayOutputStream();
				int code = Verifier.run(args.toArray(String[]::new),
						new PrintStream(output, true, StandardCharsets.UTF_8));
				assertThat(code).isEqualTo(1);
				assertThat(output.toString(StandardCharsets.UTF_8))
					.startsWith("ÉCHEC (mandat) : le mandat " + id + " a été révoqué (entrée n° ")
					.contains("ranimé");
			}
			finally {
				// Setting a revocation where there is none is what the trigger allows.
				statement.execute("UPDATE mandate m SET revoked_at = s.revoked_at, revoked_by = s.revoked_by "
						+ "FROM saved_mandate s WHERE m.id = s.id");
				statement.execute("UPDATE autorisation a SET revoked_at = s.revoked_at, revoked_by = s.revoked_by "
						+ "FROM saved_autorisation s WHERE a.id = s.id");
			}
		}
		assertThat(this.verification.verify(Actor.system(), null).findings()).as("consistent again").isEmpty();
	}

	private void awaitWitnessed(UUID mandate) {
		Awaitility.await("revocation witnessed").atMost(Duration.ofSeconds(20)).until(() -> this.jdbc.sql("""
				SELECT count(*) FROM journal_entry e JOIN journal_leaf l ON l.entry_id = e.id
				WHERE e.mandate_id = :id AND e.action = 'MANDATE_REVOKED'
				  AND EXISTS (SELECT 1 FROM journal_witnessed w WHERE w.tree_size > l.idx)
				""").param("id", mandate).query(Long.class).single() > 0);
	}

}
