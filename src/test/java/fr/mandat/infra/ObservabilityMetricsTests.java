package fr.mandat.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.local.TestPorts;
import fr.mandat.support.MandatIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the alert rules and the dashboard in {@code infra/observability} use is
 * one the application really exports at {@code /actuator/prometheus}: a renamed metric
 * breaks this test, not an alert that silently never fires.
 */
@MandatIntegrationTest
class ObservabilityMetricsTests {

	/**
	 * Metric names of the application's families (PromQL functions and labels are not).
	 */
	private static final Pattern METRIC = Pattern
		.compile("\\b((?:mandat|http_server|hikaricp|jvm|process)_[a-z0-9_]+)");

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private Journal journal;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
		// A request, so that the request metrics exist.
		assertThat(get(BASE_URL + "/verifier").statusCode()).isLessThan(500);
		Set<String> exported = exported();
		Set<String> used = new TreeSet<>();
		used.addAll(metricsIn(Path.of("infra/observability/alerts.yaml")));
		used.addAll(metricsIn(Path.of("infra/observability/dashboard.json")));

		assertThat(used).contains("mandat_journal_pending_oldest_age_seconds", "mandat_journal_checkpoint_age_seconds",
				"mandat_journal_witness_unwitnessed", "mandat_demarche_partner_circuit",
				"mandat_demarche_unsettled_oldest_age_seconds", "http_server_requests_seconds_bucket");
		assertThat(exported).containsAll(used);
	}

	@Test
	void theJournalAndDemarcheGaugesReadTheDatabase() throws Exception {
		this.transactions.executeWithoutResult(status -> this.journal.record(
				JournalRecord.of(Actor.system(), JournalAction.MANDATE_EXPIRED).withPayload(Map.of("metrics", "1"))));
		// Once the sequencer has signed a checkpoint covering it, its age is a number.
		String scrape = Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(this::scrape, text -> !Double.isNaN(value(text, "mandat_journal_checkpoint_age_seconds")));
		assertThat(value(scrape, "mandat_journal_pending")).isGreaterThanOrEqualTo(0);
		assertThat(value(scrape, "mandat_journal_pending_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
		assertThat(value(scrape, "mandat_demarche_unsettled")).isGreaterThanOrEqualTo(0);
		assertThat(value(scrape, "mandat_journal_checkpoint_age_seconds")).isBetween(0.0, 20.0);
		assertThat(scrape.lines().filter(line -> line.startsWith("mandat_demarche_partner_circuit{")))
			.as("one circuit gauge per configured partner")
			.hasSize(3)
			.anySatisfy(line -> assertThat(line).contains("partner=\"impots\""))
			.allSatisfy(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isIn(0.0, 1.0,
					2.0));
	}

	private Set<String> exported() throws Exception {
		return scrape().lines()
			.filter(line -> !line.startsWith("#") && !line.isBlank())
			.map(line -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static double value(String scrape, String metric) {
		return scrape.lines()
			.filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
			.map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError(metric + " is not exported"));
	}

	private String scrape() throws Exception {
		HttpResponse<String> response = get("http://localhost:" + TestPorts.management() + "/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static Set<String> metricsIn(Path file) throws Exception {
		Set<String> found = new TreeSet<>();
		Matcher matcher = METRIC.matcher(Files.readString(file, StandardCharsets.UTF_8));
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
