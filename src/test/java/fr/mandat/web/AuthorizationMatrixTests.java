package fr.mandat.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import fr.mandat.local.TestPorts;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.KeycloakAdmin;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.OwnerDatabase;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every door, every persona (R6): the handler mappings and actuator endpoints of the
 * running application are compared with {@code security/endpoints.csv}, then every row is
 * requested by every persona over real HTTP, with real sessions and real tokens obtained
 * once per persona. Each refusal of a known person is journaled exactly once, an unknown
 * one never; nothing answers 5xx; a refused request writes no row (every table's row
 * versions compared before and after, ADR 0118); object-level checks are tried with
 * another structure's ids and with mixed ids.
 */
@MandatIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTests {

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	private static final UUID LUCAS_ID = UUID.fromString("7d2f9a10-0000-4000-8000-000000000002");

	private static final String SIGN_IN = "/oauth2/authorization/mandat";

	private static final String USAGER_SIGN_IN = "/mon-espace/connexion/mandat-espace";

	/**
	 * Tables a background job may write while the matrix runs; their ids are compared.
	 */
	private static final Set<String> JOB_TABLES = Set.of("demarche_execution");

	/**
	 * Rows a refusal writes on purpose, left out of the comparison: a refused démarche
	 * keeps its refusal under its idempotency key (a retry with the key gets the same
	 * answer), as the journal keeps the decision.
	 */
	private static final Map<String, String> RECORDED_REFUSALS = Map.of("demarche_submission",
			" WHERE t.refusal_reason IS NULL");

	/**
	 * Not state: the journal is checked entry by entry, sessions change on every request.
	 */
	private static final Set<String> NOT_COMPARED = Set.of("journal_entry", "journal_pending", "journal_node",
			"journal_checkpoint", "journal_leaf", "spring_session", "spring_session_attributes",
			"flyway_schema_history", "event_publication", "shedlock",
			// Counters of public verifications, purged every minute by a scheduled job.
			"verification_rate");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Environment environment;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final Map<String, String> fixtures = new LinkedHashMap<>();

	private final List<Persona> personas = new ArrayList<>();

	private UUID otherMandate;

	private UUID otherRevocation;

	/**
	 * The owner's connection and the digest statement, prepared once for the class (it
	 * runs twice for each row with a refused cell).
	 */
	private @Nullable Connection owner;

	private @Nullable PreparedStatement digest;

	/**
	 * Entries journaled from this instant on are compared (the journal of a whole run is
	 * long; counting only recent ones keeps each cell's check cheap).
	 */
	private Instant since = Instant.EPOCH;

	@BeforeAll
	void signInEveryPersonaAndPrepareTheObjects() {
		// No clock shift is needed for the step-up-gated actions: a confirmation is asked
		// for each action and never taken from the sign-in (structure/StepUp).
		TestClock.reset();
		this.since = this.context.getBean(Clock.class).instant().minusSeconds(60);
		MandateFixtures mandates = new MandateFixtures(this.context);
		UUID mandate = mandates.create(DemoAccount.LUCAS, "Mairie de Saint-Aubin",
				List.of("social", "transports", "argent"), 31);
		UUID revocation = mandates.revoke(mandate, DemoAccount.LUCAS, "Mairie de Saint-Aubin", List.of("transports"));
		this.otherMandate = mandates.create(DemoAccount.SOPHIE, "France Services de Villeneuve",
				List.of("social", "logement"), 31);
		this.otherRevocation = mandates.revoke(this.otherMandate, DemoAccount.SOPHIE, "France Services de Villeneuve",
				List.of("logement"));
		UUID deactivated = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, state_changed_at)
				VALUES (?, ?, 'Ancien', 'Aidant', ?, 'DEACTIVATED', now(), now())
				""").params(deactivated, "matrice-" + deactivated, "matrice-" + deactivated + "@example.fr").update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', now())")
			.params(deactivated, SAINT_AUBIN)
			.update();
		UUID execution = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
				  input, status, requested_at, completed_at, message, usager_pseudonym, structure_siret)
				SELECT ?, 'declaration-trimestrielle-ressources', 'allocations-familiales', m.id, m.usager_id,
				  m.aidant_id, m.structure_id, '\\x00', 'ACCEPTED', now(), now(), 'Essai', u.pseudonym, ''
				FROM mandate m JOIN usager u ON u.id = m.usager_id WHERE m.id = ?
				""").params(execution, mandate).update();

		for (PersonaKind kind : PersonaKind.values()) {
			this.personas.add(Persona.of(kind));
		}
		this.fixtures.put("{mandate}", mandate.toString());
		this.fixtures.put("{revocation}", revocation.toString());
		this.fixtures.put("{aidant}", LUCAS_ID.toString());
		this.fixtures.put("{deactivatedAidant}", deactivated.toString());
		this.fixtures.put("{structure}", SAINT_AUBIN.toString());
		this.fixtures.put("{request}", decidedHabilitationRequest().toString());
		this.fixtures.put("{execution}", execution.toString());
		this.fixtures.put("{random}", UUID.randomUUID().toString());
	}

	@AfterAll
	void resetClockAndSignEveryoneOut() throws SQLException {
		if (this.owner != null) {
			this.owner.close();
		}
		TestClock.reset();
		// Leave no Keycloak session behind for the tests that count them.
		KeycloakAdmin keycloak = new KeycloakAdmin();
		for (PersonaKind kind : PersonaKind.values()) {
			if (kind.account != null) {
				keycloak.signOut(kind.account);
			}
		}
	}

	@Test
	void theTableListsEveryHandlerMappingAndActuatorEndpointAndNothingElse() throws IOException {
		Set<String> declared = new TreeSet<>();
		rows().forEach(row -> declared.add(row.method() + " " + row.path()));
		Set<String> mapped = mappedEndpoints();

		Set<String> unlisted = new TreeSet<>(mapped);
		unlisted.removeAll(declared);
		Set<String> stale = new TreeSet<>(declared);
		stale.removeAll(mapped);
		assertThat(unlisted).as("endpoints missing from security/endpoints.csv (decide who may use them)").isEmpty();
		assertThat(stale).as("rows of security/endpoints.csv matching no endpoint").isEmpty();
	}

	@Test
	void everyPersonaGetsWhatTheTableSaysOnEveryRow() throws Exception {
		List<String> failures = new ArrayList<>();
		int cells = 0;
		// The digest after the previous row's refusals if no request was sent since:
		// then it is this row's "before" as well.
		@Nullable Map<String, String> unchanged = null;
		for (Row row : rows()) {
			List<Persona> refused = new ArrayList<>();
			List<Persona> allowedLater = new ArrayList<>();
			for (Persona persona : this.personas) {
				(expected(row, persona).denied() ? refused : allowedLater).add(persona);
			}
			if (!refused.isEmpty()) {
				Map<String, String> before = (unchanged != null) ? unchanged : tableDigests();
				for (Persona persona : refused) {
					cells++;
					check(row, persona, expected(row, persona), failures);
				}
				Map<String, String> after = tableDigests();
				if (!after.equals(before)) {
					failures.add(row + ": refused requests changed " + changedTables(before, after));
				}
				unchanged = after;
			}
			if (!allowedLater.isEmpty()) {
				unchanged = null;
			}
			for (Persona persona : allowedLater) {
				cells++;
				check(row, persona, expected(row, persona), failures);
			}
		}
		assertThat(failures).as("cells that do not match the table (of " + cells + ")").isEmpty();
		assertThat(cells).isEqualTo(rows().size() * PersonaKind.values().length);
	}

	@Test
	void mixedIdsAreRefused() {
		Persona lucas = persona(PersonaKind.AIDANT);
		Persona sophie = persona(PersonaKind.OTHER_STRUCTURE);
		// Lucas's own mandate with a revocation of another structure's mandate.
		Map<String, Long> journal = journalByActor();
		HttpResponse<String> mixed = lucas.session()
			.get("/mandats/" + this.fixtures.get("{mandate}") + "/revocations/" + this.otherRevocation + ".pdf");
		assertThat(mixed.statusCode()).isEqualTo(404);
		assertThat(mixed.body()).doesNotContain("%PDF");
		// Sophie's own mandate with Saint-Aubin's revocation.
		HttpResponse<String> reversed = sophie.session()
			.get("/mandats/" + this.otherMandate + "/revocations/" + this.fixtures.get("{revocation}") + ".pdf");
		assertThat(reversed.statusCode()).isEqualTo(404);
		assertThat(journalDiff(journal, journalByActor())).isEmpty();
		// Another structure's mandate sent with the démarche API, naming one's own
		// structure: refused and journaled once.
		HttpResponse<String> demarche = api(lucas, "POST", "/api/v1/mandats/" + this.otherMandate
				+ "/demarches/declaration-trimestrielle-ressources?numeroAllocataire=1234567&trimestre=2026-T1&salaires=1850&autresRessources=0");
		assertThat(demarche.statusCode()).isEqualTo(403);
		assertThat(journalDiff(journal, journalByActor())).containsExactly(Map.entry(LUCAS_ID.toString(), 1L));
	}

	@Test
	void anonymousRefusalsAreCountedAndNeverJournaled() throws Exception {
		double before = refusedCounter("anonymous");
		Map<String, Long> journal = journalByActor();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> refused = StaffHttp.anonymous()
				.form("POST", "/mandats/" + this.fixtures.get("{mandate}") + "/revocation/" + "x".repeat(5000),
						Map.of());
			assertThat(refused.statusCode()).isEqualTo(403);
		}
		assertThat(refusedCounter("anonymous")).isEqualTo(before + 3);
		assertThat(journalDiff(journal, journalByActor())).isEmpty();
	}

	/** The counter of refusals of unknown callers, read from the management port. */
	private double refusedCounter(String who) throws Exception {
		String metrics = this.http
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + TestPorts.management() + "/actuator/prometheus"))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		for (String line : metrics.split("\n")) {
			if (line.startsWith("mandat_access_refused_total{") && line.contains("who=\"" + who + "\"")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return 0;
	}

	private void check(Row row, Persona persona, Expected expected, List<String> failures) throws Exception {
		// Only a refusal's journal entries are checked.
		Map<String, Long> journalBefore = expected.denied() ? journalByActor() : Map.of();
		HttpResponse<String> response = request(row, persona);
		int status = response.statusCode();
		String cell = row.method() + " " + row.path() + " as " + persona.kind();
		if (status >= 500) {
			failures.add(cell + ": " + status);
			return;
		}
		if (!expected.accepts(response)) {
			failures.add(cell + ": expected " + expected + ", got " + status
					+ response.headers().firstValue("Location").map(l -> " to " + l).orElse(""));
			return;
		}
		if (expected.denied()) {
			Map<String, Long> journaled = journalDiff(journalBefore, journalByActor());
			Map<String, Long> wanted = (expected.journaled() && persona.aidantId() != null)
					? Map.of(persona.aidantId().toString(), 1L) : Map.of();
			if (!journaled.equals(wanted)) {
				failures.add(cell + ": journaled " + journaled + ", expected " + wanted);
			}
		}
		if (row.path().startsWith("/api/") && status >= 400
				&& !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			failures.add(cell + ": " + status + " without problem details");
		}
	}

	/** What the persona should get for the row. */
	private Expected expected(Row row, Persona persona) {
		boolean api = row.path().startsWith("/api/");
		boolean read = "GET".equals(row.method()) || "*".equals(row.method());
		if (row.who().equals("management") || row.who().equals("public")) {
			return Expected.allowed(row.allowed());
		}
		if (row.who().equals("usager")) {
			// The usager's space: no staff session, however privileged, is a usager's.
			return read ? Expected.redirect(USAGER_SIGN_IN, false) : Expected.denied("403", false);
		}
		switch (persona.kind()) {
			case ANONYMOUS:
				if (api) {
					return Expected.denied("401", false);
				}
				return read ? Expected.redirect(SIGN_IN, false) : Expected.denied("403", false);
			case UNKNOWN:
			case DEACTIVATED:
				if (row.who().equals("signed-in")) {
					return Expected.allowed(row.allowed());
				}
				return api ? Expected.denied("403", persona.kind() == PersonaKind.DEACTIVATED)
						: Expected.redirect("/acces-refuse", false);
			default:
				if (!persona.kind().roles().contains(row.who()) && !row.who().equals("signed-in")) {
					return Expected.denied("403", true);
				}
				if (!persona.kind().saintAubin() && !row.object().equals("-")) {
					String status = row.object().substring(row.object().indexOf(':') + 1);
					return Expected.denied(status, "403".equals(status));
				}
				return Expected.allowed(row.allowed());
		}
	}

	private HttpResponse<String> request(Row row, Persona persona) throws Exception {
		String path = row.request();
		for (Map.Entry<String, String> fixture : this.fixtures.entrySet()) {
			path = path.replace(fixture.getKey(), fixture.getValue());
		}
		String method = "*".equals(row.method()) ? "GET" : row.method();
		if (row.who().equals("management")) {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + TestPorts.management() + path))
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		if (path.startsWith("/api/")) {
			return api(persona, method, path);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		if ("GET".equals(method)) {
			request.GET();
		}
		else {
			// As a browser sends a page's form: the CSRF token and the structure it was
			// shown for (web/config/StructureBoundForms).
			String body = (persona.csrf() != null) ? "_csrf=" + persona.csrf() : "";
			String structure = persona.session().structureField();
			if (persona.csrf() != null && structure != null) {
				body += "&_structure=" + structure;
			}
			request.header("Content-Type", "application/x-www-form-urlencoded")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		return persona.session().send(request);
	}

	private HttpResponse<String> api(Persona persona, String method, String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path))
			.header("Accept", "application/json");
		if (persona.kind().account != null) {
			// Asked for at each use: a token lives five minutes, the matrix may run
			// longer.
			request.header("Authorization", "Bearer " + ApiTokens.of(persona.kind().account));
		}
		if ("GET".equals(method)) {
			request.GET();
		}
		else {
			// The query's parameters, if any, become the JSON object sent.
			int query = path.indexOf('?');
			Map<String, String> fields = new LinkedHashMap<>();
			if (query >= 0) {
				for (String pair : path.substring(query + 1).split("&")) {
					int equals = pair.indexOf('=');
					fields.put(pair.substring(0, equals), pair.substring(equals + 1));
				}
				request.uri(URI.create(BASE_URL + path.substring(0, query)));
			}
			if (fields.isEmpty()) {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			else {
				request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(json(fields)));
			}
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String json(Map<String, String> fields) {
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name, value) -> json.append((json.length() > 1) ? "," : "")
			.append('"')
			.append(name)
			.append("\":\"")
			.append(value)
			.append('"'));
		return json.append('}').toString();
	}

	/** Method and pattern of every handler mapping and actuator endpoint. */
	private Set<String> mappedEndpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (HandlerMapping mapping : this.context.getBeansOfType(HandlerMapping.class).values()) {
			if (mapping instanceof RequestMappingInfoHandlerMapping requestMappings) {
				for (RequestMappingInfo info : requestMappings.getHandlerMethods().keySet()) {
					Set<String> methods = new TreeSet<>();
					info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
					if (methods.isEmpty()) {
						methods.add("*");
					}
					for (String pattern : info.getPatternValues()) {
						methods.forEach(m -> endpoints.add(m + " " + pattern));
					}
				}
			}
			else if (mapping instanceof AbstractUrlHandlerMapping urls) {
				urls.getHandlerMap().keySet().forEach(pattern -> endpoints.add("GET " + pattern));
			}
		}
		String base = this.environment.getProperty("management.endpoints.web.base-path", "/actuator");
		endpoints.add("GET " + base);
		for (ExposableWebEndpoint endpoint : this.context.getBean(WebEndpointsSupplier.class).getEndpoints()) {
			endpoint.getOperations()
				.forEach(operation -> endpoints.add(operation.getRequestPredicate().getHttpMethod().name() + " " + base
						+ "/" + operation.getRequestPredicate().getPath()));
		}
		return endpoints;
	}

	/**
	 * A digest of each table's row versions (ids only for tables a job writes).
	 */
	private Map<String, String> tableDigests() throws Exception {
		if (this.digest == null) {
			this.owner = OwnerDatabase.connect(this.environment);
			try (Statement statement = this.owner.createStatement()) {
				this.digest = this.owner.prepareStatement(digestQuery(statement));
			}
		}
		Map<String, String> digests = new TreeMap<>();
		try (ResultSet rs = this.digest.executeQuery()) {
			while (rs.next()) {
				digests.put(rs.getString(1), rs.getString(2));
			}
		}
		return digests;
	}

	/**
	 * One statement digesting every compared table (the schema does not change
	 * meanwhile).
	 */
	private static String digestQuery(Statement statement) throws SQLException {
		List<String> parts = new ArrayList<>();
		try (ResultSet rs = statement.executeQuery(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
			while (rs.next()) {
				String table = rs.getString(1);
				if (NOT_COMPARED.contains(table) || table.startsWith("journal_")) {
					continue;
				}
				// Each row version (the transaction that wrote it, where it lies): any
				// insert, update or delete changes the set, even one writing the same
				// values, and no column is read, so signed PDFs of a few dozen kilobytes
				// (mandate, mandate_revocation) cost no more than a small row.
				String rows = JOB_TABLES.contains(table) ? "t.id::text" : "t.xmin::text || t.ctid::text";
				// A sum of the rows' hashes: the same whatever the rows' order, no sort.
				parts.add("SELECT '" + table + "', count(*) || ':' || coalesce(sum(hashtextextended(" + rows
						+ ", 0)), 0) FROM " + table + " t" + RECORDED_REFUSALS.getOrDefault(table, ""));
			}
		}
		return String.join(" UNION ALL ", parts);
	}

	private static Set<String> changedTables(Map<String, String> before, Map<String, String> after) {
		Set<String> changed = new TreeSet<>();
		before.forEach((table, digest) -> {
			if (!digest.equals(after.get(table))) {
				changed.add(table);
			}
		});
		return changed;
	}

	/**
	 * Journal entries by actor (people and unknown accounts; never the service itself),
	 * leaving out what the reconciliation job records in an aidant's name for a démarche
	 * of an earlier test: it runs on its own schedule, whatever the cell being checked.
	 */
	private Map<String, Long> journalByActor() {
		Map<String, Long> counts = new TreeMap<>();
		this.jdbc.sql("""
				SELECT coalesce(actor_id, '(' || actor_type || ')') AS actor, count(*) AS n FROM journal_entry
				WHERE recorded_at >= ? AND actor_type <> 'SYSTEM' AND payload NOT LIKE '%"reconciliation":%' GROUP BY 1
				""")
			.param(Timestamp.from(this.since))
			.query((rs, n) -> counts.put(rs.getString("actor"), rs.getLong("n")))
			.list();
		return counts;
	}

	private static Map<String, Long> journalDiff(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> diff = new TreeMap<>();
		after.forEach((actor, n) -> {
			long added = n - before.getOrDefault(actor, 0L);
			if (added != 0) {
				diff.put(actor, added);
			}
		});
		return diff;
	}

	/**
	 * A habilitation request Hugo made and the national team refused, in the personas'
	 * sessions.
	 */
	private UUID decidedHabilitationRequest() {
		StaffHttp hugo = persona(PersonaKind.RESPONSABLE).session();
		String email = "matrice-" + UUID.randomUUID() + "@saint-aubin.example.fr";
		hugo.form("POST", "/structure/aidants/nouveau",
				Map.of("prenom", "Mat", "nom", "Rice", "email", email, "_csrf", hugo.csrfToken()));
		UUID request = this.jdbc
			.sql("SELECT r.id FROM habilitation_request r JOIN aidant a ON a.id = r.aidant_id WHERE a.email = ?")
			.param(email)
			.query(UUID.class)
			.single();
		StaffHttp paul = persona(PersonaKind.ADMIN).session();
		paul.form("POST", "/admin/habilitations/" + request + "/refus",
				Map.of("motif", "Demande d'essai de la matrice.", "_csrf", paul.csrfToken()));
		assertThat(this.jdbc.sql("SELECT status FROM habilitation_request WHERE id = ?")
			.param(request)
			.query(String.class)
			.single()).isEqualTo("REFUSED");
		return request;
	}

	private Persona persona(PersonaKind kind) {
		return this.personas.stream().filter(p -> p.kind() == kind).findFirst().orElseThrow();
	}

	private static List<Row> rows() throws IOException {
		try (InputStream csv = AuthorizationMatrixTests.class.getResourceAsStream("/security/endpoints.csv")) {
			List<Row> rows = new ArrayList<>();
			boolean header = true;
			for (String line : new String(csv.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				if (header) {
					header = false;
					continue;
				}
				String[] cells = line.strip().split(",", -1);
				if (cells.length != 6) {
					throw new IllegalStateException("Not 6 columns: " + line);
				}
				rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
			}
			return rows;
		}
	}

	record Row(String method, String path, String who, String object, String allowed, String request) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/** The personas of the issue, each with its role names as the table spells them. */
	enum PersonaKind {

		ANONYMOUS(null), AIDANT(DemoAccount.LUCAS, "saint-aubin", "staff", "aidant"),
		RESPONSABLE(DemoAccount.HUGO, "saint-aubin", "staff", "aidant", "responsable"),
		AUDITEUR(DemoAccount.INES, "staff", "auditeur"), ADMIN(DemoAccount.PAUL, "staff", "admin"),
		/**
		 * Aidant and responsable of France Services de Villeneuve, not of Saint-Aubin.
		 */
		OTHER_STRUCTURE(DemoAccount.SOPHIE, "staff", "aidant", "responsable"), DEACTIVATED(DemoAccount.NINA),
		UNKNOWN(DemoAccount.ZOE);

		private final DemoAccount account;

		private final Set<String> roles;

		PersonaKind(DemoAccount account, String... roles) {
			this.account = account;
			this.roles = Set.copyOf(Arrays.asList(roles));
		}

		Set<String> roles() {
			return this.roles;
		}

		/**
		 * Whether the persona works for Mairie de Saint-Aubin, whose objects the table
		 * uses.
		 */
		boolean saintAubin() {
			return this.roles.contains("saint-aubin");
		}

	}

	/** A persona's session and CSRF token, obtained once for the class. */
	record Persona(PersonaKind kind, StaffHttp session, String csrf, UUID aidantId) {

		static Persona of(PersonaKind kind) {
			if (kind.account == null) {
				return new Persona(kind, StaffHttp.anonymous(), null, null);
			}
			StaffHttp session = StaffHttp.signIn(kind.account);
			UUID aidant = switch (kind) {
				case UNKNOWN -> null;
				default -> UUID.fromString("7d2f9a10-0000-4000-8000-0000000000"
						+ kind.account.subject().substring(kind.account.subject().length() - 2));
			};
			return new Persona(kind, session, session.csrfToken(), aidant);
		}

	}

	/**
	 * An expected status (or several), a redirect, and whether the refusal is journaled.
	 */
	record Expected(Set<Integer> statuses, String location, boolean denied, boolean journaled) {

		static Expected allowed(String allowed) {
			if (allowed.equals("stepup")) {
				return new Expected(Set.of(302), "/oauth2/authorization/mandat?renforcee=", false, false);
			}
			Set<Integer> statuses = new TreeSet<>();
			for (String status : allowed.split("\\|")) {
				statuses.add(Integer.valueOf(status));
			}
			return new Expected(statuses, null, false, false);
		}

		static Expected denied(String status, boolean journaled) {
			return new Expected(Set.of(Integer.valueOf(status)), null, true, journaled);
		}

		static Expected redirect(String location, boolean journaled) {
			return new Expected(Set.of(302), location, true, journaled);
		}

		boolean accepts(HttpResponse<String> response) {
			if (!this.statuses.contains(response.statusCode())) {
				return false;
			}
			return this.location == null
					|| response.headers().firstValue("Location").orElse("").contains(this.location);
		}

		@Override
		public String toString() {
			return this.statuses + ((this.location != null) ? " to " + this.location : "")
					+ (this.journaled ? " journaled once" : "");
		}

	}

}
