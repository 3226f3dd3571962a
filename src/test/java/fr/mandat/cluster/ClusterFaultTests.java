package fr.mandat.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mandat.cluster.CounterDayLoad.Acknowledged;
import fr.mandat.cluster.CounterDayLoad.Attempt;
import fr.mandat.cluster.CounterDayLoad.Kind;
import fr.mandat.local.LocalCluster;
import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.PartnerSimulator;
import fr.mandat.local.TestPorts;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import fr.mandat.support.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three application processes behind HAProxy under a counter-day load while the suite
 * does what production does to a service: {@code kill -9} of an instance (R1), the
 * database out of reach for every instance (R2: the network to PostgreSQL cut and
 * restored, PostgreSQL itself serving the rest of the test run), and — throughout — the
 * sequencers of every instance (and of this test's own) competing for the journal (R8).
 * Then, from the client's own log: every acknowledged action has its journal entry, no
 * entry lacks its business row, the whole journal verifies, the partner processed each
 * démarche once, no execution stays REQUESTED or UNKNOWN after reconciliation, and no
 * request failed outside the fault windows.
 * <p>
 * Short by default (one kill and restart, a 5 s outage), for CI in the {@code faults}
 * profile; the long run is
 * {@code ./mvnw -Pfaults test -Dtest=ClusterFaultTests -Dmandat.faults.kill-cycles=10 -Dmandat.faults.database-outage-seconds=20}
 * (figures in docs/reliability.md). The phase figures are written to
 * {@code target/reliability/}.
 */
@MandatIntegrationTest
@Tag("faults")
class ClusterFaultTests {

	private static final int KILL_CYCLES = Integer.getInteger("mandat.faults.kill-cycles", 1);

	private static final Duration KILL_EVERY = Duration.ofSeconds(Long.getLong("mandat.faults.kill-every-seconds", 10));

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("mandat.faults.database-outage-seconds", 5));

	private static final int AIDANTS = Integer.getInteger("mandat.faults.aidants", 4);

	private static final Duration STEADY = Duration.ofSeconds(Long.getLong("mandat.faults.steady-seconds", 10));

	/**
	 * After a kill, HAProxy takes two failed checks (1 s) to stop choosing the instance;
	 * requests in flight on it are cut. Failures are allowed from the fault until this
	 * long after it (or after the outage's end).
	 */
	private static final Duration SETTLING = Duration.ofSeconds(5);

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final Pattern EXECUTION = Pattern.compile("\"execution\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	private record Window(String name, Instant from, Instant to) {

		boolean contains(Instant at) {
			return !at.isBefore(this.from) && at.isBefore(this.to);
		}

	}

	@Test
	void underKillsAndADatabaseOutageNothingAcknowledgedIsLostAndNothingIsDoneTwice() throws Exception {
		URI database = URI.create(this.environment.getRequiredProperty("spring.datasource.url").substring(5));
		MandateFixtures fixtures = new MandateFixtures(this.context);
		List<UUID> mandates = List.of(fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31),
				fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31),
				fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 31));
		PartnerSimulator partner = LocalInfrastructure.get().partners().get("allocations-familiales").orElseThrow();
		int acceptedBefore = partner.acceptedSubmissions();
		Path reports = Files.createDirectories(Path.of("target", "reliability"));

		try (TcpProxy network = new TcpProxy(database.getPort());
				LocalCluster cluster = new LocalCluster(reports.resolve("cluster"),
						instanceProperties(network, database), TestPorts.of(8300),
						List.of(new int[] { TestPorts.of(8301), TestPorts.of(8311) },
								new int[] { TestPorts.of(8302), TestPorts.of(8312) },
								new int[] { TestPorts.of(8303), TestPorts.of(8313) }),
						LocalCluster.fromClasspath("-XX:TieredStopAtLevel=1"))
					.start()) {
			// Tokens asked before the clock of the run starts.
			ApiTokens.of(DemoAccount.CAMILLE);
			ApiTokens.of(DemoAccount.INES);
			Instant start = Instant.now();
			Instant runStart = start;
			CounterDayLoad load = new CounterDayLoad(cluster.baseUrl(), mandates,
					() -> fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social", "famille"), 31))
				.start(AIDANTS);
			List<Window> faults = new ArrayList<>();
			List<Window> phases = new ArrayList<>();
			// Warm-up, not measured: until the first démarche is acknowledged (cold JVMs,
			// the partner's first token checks).
			Awaitility.await()
				.atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> load.acknowledged().stream().anyMatch(a -> a.kind() == Kind.DEMARCHE));
			start = Instant.now();

			Instant steadyEnd = awaitFor(STEADY);
			phases.add(new Window("before the faults", start, steadyEnd));

			// R1: kill -9 of an instance every KILL_EVERY, each started again at once;
			// the next in turn is killed only while another one is ready (on a small
			// machine an instance takes longer than KILL_EVERY to start: the pace is then
			// slower, and the report says so).
			Instant killsStart = Instant.now();
			Instant nextKill = killsStart;
			for (int cycle = 0; cycle < KILL_CYCLES; cycle++) {
				awaitUntil(nextKill);
				int victim = awaitVictim(cluster, cycle);
				Instant killedAt = Instant.now();
				cluster.kill(victim);
				faults.add(new Window("kill -9 #" + (cycle + 1) + " (instance " + (victim + 1) + ")", killedAt,
						killedAt.plus(SETTLING)));
				cluster.startAgain(victim);
				nextKill = killedAt.plus(KILL_EVERY);
			}
			cluster.awaitAllReady();
			Instant killsEnd = Instant.now();
			phases.add(new Window("R1: kill -9 x" + KILL_CYCLES + " (every "
					+ Duration.between(killsStart, killsEnd).dividedBy(KILL_CYCLES).toSeconds()
					+ " s on average, restarts included)", killsStart, killsEnd));

			// R2: the database out of reach for every instance, then back.
			Instant outageStart = Instant.now();
			network.cut();
			awaitFor(OUTAGE);
			network.restore();
			Instant restored = Instant.now();
			faults.add(new Window("database out of reach", outageStart, restored.plus(SETTLING)));
			Instant recovered = awaitFor(SETTLING.plus(STEADY));
			phases.add(new Window("R2: database out of reach " + OUTAGE.toSeconds() + " s, then back", outageStart,
					restored.plus(SETTLING)));
			phases.add(new Window("after the faults", restored.plus(SETTLING), recovered));

			load.stop();
			Instant end = Instant.now();
			List<Attempt> attempts = load.attempts();
			List<Acknowledged> acknowledged = load.acknowledged();
			writeReport(reports, start, end, phases, attempts, acknowledged);

			// The load did happen, through every phase.
			assertThat(acknowledged.stream().filter(a -> a.kind() == Kind.DEMARCHE)).hasSizeGreaterThan(20);
			assertThat(acknowledged.stream().filter(a -> a.kind() == Kind.MANDATE_CREATION)).isNotEmpty();
			assertThat(attempts.stream().filter(a -> a.kind() == Kind.SIGN_IN && !a.failed())).isNotEmpty();
			assertThat(attempts.stream().filter(a -> a.kind() == Kind.AUDIT_SEARCH && !a.failed())).isNotEmpty();
			assertThat(attempts.stream().filter(a -> a.kind() == Kind.VERIFICATION && !a.failed())).isNotEmpty();
			assertThat(
					attempts.stream().filter(a -> a.kind() == Kind.DEMARCHE && !a.failed() && a.at().isAfter(restored)))
				.as("démarches acknowledged after the database came back")
				.isNotEmpty();
			// Each operation ended with the right answer (a client retried through the
			// faults).
			assertThat(load.unfinished()).as("operations never answered correctly").isEmpty();
			// No failure outside the fault windows. Measured from the end of the warm-up
			// (cold JVMs: a first token check may time out at Keycloak and be answered
			// 503).
			Instant measured = phases.get(0).from();
			List<Attempt> outside = attempts.stream()
				.filter(Attempt::failed)
				.filter(a -> !a.at().isBefore(measured))
				.filter(a -> faults.stream().noneMatch(window -> window.contains(a.at())))
				.toList();
			assertThat(outside).as("failures outside the fault windows %s", faults).isEmpty();
			// Even inside them, the service answers 503 (or HAProxy 502 for a request cut
			// by a kill), never a 500.
			assertThat(attempts.stream().filter(a -> a.outcome().equals("500")).toList()).as("500 answers").isEmpty();

			Set<UUID> demarches = new HashSet<>();
			acknowledged.stream().filter(a -> a.kind() == Kind.DEMARCHE).forEach(a -> demarches.add(a.id()));
			Set<UUID> created = new HashSet<>();
			acknowledged.stream().filter(a -> a.kind() == Kind.MANDATE_CREATION).forEach(a -> created.add(a.id()));
			Timestamp since = Timestamp.from(runStart.minusSeconds(1));
			try (Connection db = OwnerDatabase.connect(this.environment)) {
				// Every acknowledged action has its journal entry, with its place in the
				// tree. Integration takes well under a second; the long wait and the
				// diagnosis are for a run (one so far, not reproduced since) where one
				// acknowledged démarche's entry was not found integrated within 60 s.
				Awaitility.await()
					.atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(500))
					.untilAsserted(() -> {
						Set<UUID> integrated = journaledExecutions(db, since, true);
						assertThat(integrated)
							.as(() -> "démarches journaled and integrated; the missing ones: "
									+ diagnosis(db, demarches, integrated))
							.containsAll(demarches);
						assertThat(journaledMandates(db, since)).as("mandates journaled and integrated")
							.containsAll(created);
					});
				// No entry lacks its business row.
				assertThat(rows(db, "SELECT id FROM demarche_execution WHERE requested_at >= ?", since))
					.containsAll(journaledExecutions(db, since, false));
				assertThat(rows(db, "SELECT id FROM mandate WHERE id = ANY (?)", journaledMandates(db, since)))
					.containsExactlyInAnyOrderElementsOf(journaledMandates(db, since));
				// No execution the clients did not ask for (a démarche done twice would
				// have a second key).
				Set<UUID> executions = rows(db,
						"SELECT id FROM demarche_execution WHERE requested_at >= ? AND mandate_id = ANY (?)", since,
						mandates);
				assertThat(load.keysSent()).containsAll(executions);
				assertThat(executions).containsAll(demarches);
				// No execution stays REQUESTED or UNKNOWN: reconciliation settles those
				// whose instance died before it knew the partner's answer.
				Awaitility.await()
					.atMost(Duration.ofMinutes(4))
					.pollInterval(Duration.ofSeconds(1))
					.untilAsserted(() -> assertThat(statuses(db, since, mandates)).as("executions by status")
						.doesNotContainKeys("REQUESTED", "UNKNOWN"));
				// The partner processed each accepted démarche once, and nothing else.
				Map<String, Integer> statuses = statuses(db, since, mandates);
				int accepted = statuses.getOrDefault("ACCEPTED", 0);
				assertThat(partner.acceptedSubmissions() - acceptedBefore).as("submissions the partner accepted")
					.isEqualTo(accepted);
				for (UUID execution : executions) {
					assertThat(partner.submissions(execution)).as("submissions of %s", execution)
						.isLessThanOrEqualTo(1);
				}
			}
			// The whole journal verifies: no gap, no fork, every checkpoint consistent.
			HttpResponse<String> verification = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl() + "/api/v1/audit/verification"))
					.header("Authorization", "Bearer " + ApiTokens.of(DemoAccount.INES))
					.timeout(Duration.ofMinutes(2))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(verification.statusCode()).isEqualTo(200);
			JsonNode report = JSON.readTree(verification.body());
			assertThat(report.get("valid").asBoolean()).as(verification.body()).isTrue();
		}
	}

	/**
	 * Lets the load run for this long (the fault schedule, not a wait for a condition).
	 */
	private static Instant awaitFor(Duration duration) {
		return awaitUntil(Instant.now().plus(duration));
	}

	private static Instant awaitUntil(Instant until) {
		Duration left = Duration.between(Instant.now(), until);
		if (left.isNegative()) {
			return Instant.now();
		}
		Awaitility.await()
			.atMost(left.plusSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !Instant.now().isBefore(until));
		return Instant.now();
	}

	/**
	 * The instance to kill in this cycle: the first ready one from the cycle's turn, once
	 * at least one other instance is ready to serve.
	 */
	private static int awaitVictim(LocalCluster cluster, int cycle) {
		int[] victim = new int[1];
		Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
			List<Integer> ready = new ArrayList<>();
			for (int i = 0; i < cluster.size(); i++) {
				int index = (cycle + i) % cluster.size();
				if (cluster.ready(index)) {
					ready.add(index);
				}
			}
			if (ready.size() < 2) {
				return false;
			}
			victim[0] = ready.get(0);
			return true;
		});
		return victim[0];
	}

	private Map<String, Object> instanceProperties(TcpProxy network, URI database) {
		Map<String, Object> properties = LocalInfrastructure.get()
			.applicationProperties(database.getPath().substring(1));
		properties.put("spring.datasource.url", "jdbc:postgresql://localhost:" + network.port() + database.getPath());
		properties.put("spring.flyway.locations", this.environment.getRequiredProperty("spring.flyway.locations"));
		return properties;
	}

	private static Set<UUID> journaledExecutions(Connection db, Timestamp since, boolean integrated) throws Exception {
		String sql = "SELECT e.payload FROM journal_entry e "
				+ (integrated ? "JOIN journal_leaf l ON l.entry_id = e.id " : "")
				+ "WHERE e.action = 'DEMARCHE_REQUESTED' AND e.recorded_at >= ?";
		Set<UUID> ids = new HashSet<>();
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setTimestamp(1, since);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Matcher matcher = EXECUTION.matcher(rows.getString(1));
					if (matcher.find()) {
						ids.add(UUID.fromString(matcher.group(1)));
					}
				}
			}
		}
		return ids;
	}

	/**
	 * What the database holds about acknowledged démarches without an integrated entry.
	 */
	private static String diagnosis(Connection db, Set<UUID> acknowledged, Set<UUID> integrated) {
		StringBuilder text = new StringBuilder();
		for (UUID id : acknowledged) {
			if (integrated.contains(id)) {
				continue;
			}
			text.append('\n').append(id).append(": ");
			for (String sql : List.of(
					"SELECT 'submission ' || coalesce(same_as::text, '-') || ' ' || coalesce(refusal_reason, '-') || ' '"
							+ " || submitted_at FROM demarche_submission WHERE key = ?",
					"SELECT 'execution ' || status || ' ' || requested_at FROM demarche_execution WHERE id = ?",
					"SELECT 'entry ' || e.id || ' ' || e.action || ' ' || e.recorded_at || ' pending=' || "
							+ "(SELECT count(*) FROM journal_pending p WHERE p.entry_id = e.id) || ' leaf=' || "
							+ "(SELECT count(*) FROM journal_leaf l WHERE l.entry_id = e.id) FROM journal_entry e "
							+ "WHERE e.payload LIKE '%' || ? || '%'")) {
				try (PreparedStatement statement = db.prepareStatement(sql)) {
					if (sql.contains("LIKE")) {
						statement.setString(1, id.toString());
					}
					else {
						statement.setObject(1, id);
					}
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							text.append(rows.getString(1)).append("; ");
						}
					}
				}
				catch (java.sql.SQLException ex) {
					text.append(ex.getMessage()).append("; ");
				}
			}
		}
		try (PreparedStatement statement = db.prepareStatement("SELECT count(*), min(seq) FROM journal_pending");
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			text.append("\npending entries: ").append(rows.getLong(1));
		}
		catch (java.sql.SQLException ex) {
			text.append(ex.getMessage());
		}
		return text.toString();
	}

	private static Set<UUID> journaledMandates(Connection db, Timestamp since) throws Exception {
		return rows(db, "SELECT e.mandate_id FROM journal_entry e JOIN journal_leaf l ON l.entry_id = e.id "
				+ "WHERE e.action = 'MANDATE_CREATED' AND e.recorded_at >= ?", since);
	}

	private static Map<String, Integer> statuses(Connection db, Timestamp since, List<UUID> mandates) throws Exception {
		Map<String, Integer> counts = new HashMap<>();
		try (PreparedStatement statement = db.prepareStatement(
				"SELECT status, count(*) FROM demarche_execution WHERE requested_at >= ? AND mandate_id = ANY (?) "
						+ "GROUP BY status")) {
			statement.setTimestamp(1, since);
			statement.setArray(2, db.createArrayOf("uuid", mandates.toArray()));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getInt(2));
				}
			}
		}
		return counts;
	}

	private static Set<UUID> rows(Connection db, String sql, Object... parameters) throws Exception {
		Set<UUID> ids = new HashSet<>();
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				Object parameter = parameters[i];
				if (parameter instanceof java.util.Collection<?> values) {
					statement.setArray(i + 1, db.createArrayOf("uuid", values.toArray()));
				}
				else {
					statement.setObject(i + 1, parameter);
				}
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getObject(1, UUID.class));
				}
			}
		}
		return ids;
	}

	private static void writeReport(Path reports, Instant start, Instant end, List<Window> phases,
			List<Attempt> attempts, List<Acknowledged> acknowledged) throws Exception {
		StringBuilder text = new StringBuilder();
		text.append("Run: ")
			.append(Duration.between(start, end).toSeconds())
			.append(" s, kill cycles ")
			.append(KILL_CYCLES)
			.append(", outage ")
			.append(OUTAGE.toSeconds())
			.append(" s, ")
			.append(acknowledged.size())
			.append(" operations acknowledged\n\n");
		for (Window phase : phases) {
			text.append("### ")
				.append(phase.name())
				.append(" (")
				.append(Duration.between(phase.from(), phase.to()).toSeconds())
				.append(" s)\n\n| operation | acknowledged | p50 | p99 | failed attempts |\n|---|---|---|---|---|\n")
				.append(CounterDayLoad.summary(attempts, phase.from(), phase.to()))
				.append('\n');
		}
		text.append("Failed attempts by outcome: ").append(CounterDayLoad.failuresByOutcome(attempts)).append('\n');
		Files.writeString(reports.resolve("cluster-faults.md"), text.toString());
		System.out.println(text);
	}

}
