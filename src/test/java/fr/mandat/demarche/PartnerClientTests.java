package fr.mandat.demarche;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import fr.mandat.demarche.DemarcheProperties.CircuitBreakerSettings;
import fr.mandat.demarche.PartnerOutcome.Accepted;
import fr.mandat.demarche.PartnerOutcome.NotSent;
import fr.mandat.demarche.PartnerOutcome.Refused;
import fr.mandat.demarche.PartnerOutcome.Unknown;
import fr.mandat.local.LocalHttpServers;
import fr.mandat.local.PartnerSimulator;
import fr.mandat.local.PartnerSimulators;
import fr.mandat.signing.TestSigning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * The partner client and delegation tokens against the partner simulators, which verify
 * tokens with the keys served like the application's /.well-known/jwks.json.
 */
class PartnerClientTests {

	@TempDir
	static Path keys;

	private static TestSigning signing;

	private static JwksServer jwks;

	private static PartnerSimulators partners;

	@BeforeAll
	static void start() throws IOException {
		signing = TestSigning.in(keys);
		jwks = JwksServer.serve(signing.signatures());
		partners = PartnerSimulators.startAll(Map.of(DemarcheFixtures.ALLOCATIONS, 0, DemarcheFixtures.IMMATRICULATION,
				0, DemarcheFixtures.IMPOTS, 0), jwks::uri);
	}

	@AfterAll
	static void stop() {
		partners.close();
		jwks.close();
	}

	@Test
	void carriesOutADemarcheAndThePartnerKnowsWhoActedForWhom() throws Exception {
		Client client = client(simulatorUrls(), Clock.systemUTC());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.DECLARATION);

		PartnerOutcome outcome = client.partners.submit(request,
				new DeclarationTrimestrielleRessources("1234567", "2026-T1", 1850, 0));

		assertThat(outcome).asInstanceOf(type(Accepted.class)).satisfies(accepted -> {
			assertThat(accepted.reference()).matches("AF-\\d{4}-\\d{6}");
			assertThat(accepted.status()).isEqualTo("enregistree");
			assertThat(accepted.message()).startsWith("La déclaration trimestrielle de ressources est enregistrée.");
			assertThat(accepted.responseDigest()).hasSize(43);
		});
		PartnerSimulator partner = simulator(DemarcheFixtures.ALLOCATIONS);
		assertThat(partner.submissions(request.idempotencyKey())).isOne();
		JWTClaimsSet claims = partner.lastVerifiedClaims().orElseThrow();
		assertThat(claims.getStringClaim("txn")).isEqualTo(request.idempotencyKey().toString());
		assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", request.aidantId().toString())
			.containsEntry("structure", "21870085600015");
		assertThat(claims.getSubject())
			.isEqualTo(client.tokens.pairwiseSubject(DemarcheFixtures.ALLOCATIONS, request.usagerPseudonym()));
		assertThat(claims.getStringClaim("mandat")).isEqualTo(request.mandateId().toString());
		assertThat(claims.getStringClaim("demarche")).isEqualTo(DemarcheFixtures.DECLARATION);
	}

	@Test
	void aPartnerBehindAPathPrefixIsCalledUnderIt() throws Exception {
		List<String> paths = new CopyOnWriteArrayList<>();
		HttpServer gateway = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
		byte[] answer = "{\"reference\": \"AF-2026-000001\", \"statut\": \"enregistree\", \"message\": \"Enregistrée.\"}"
			.getBytes(StandardCharsets.UTF_8);
		gateway.createContext("/", exchange -> {
			paths.add(exchange.getRequestURI().getRawPath());
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		gateway.start();
		try {
			Map<String, URI> urls = simulatorUrls();
			urls.put(DemarcheFixtures.ALLOCATIONS,
					URI.create("http://localhost:" + gateway.getAddress().getPort() + "/passerelle/caf"));
			Client client = client(urls, Clock.systemUTC());
			Demarche demarche = new DemarcheCatalogue(DemarcheFixtures.properties(urls, DemarcheFixtures.BREAKER))
				.demarche(DemarcheFixtures.DECLARATION)
				.orElseThrow();

			PartnerOutcome outcome = client.partners.submit(DemarcheFixtures.request(DemarcheFixtures.DECLARATION),
					new DeclarationTrimestrielleRessources("1234567", "2026-T1", 1850, 0));

			assertThat(outcome).isInstanceOf(Accepted.class);
			assertThat(paths).containsExactly("/passerelle/caf" + demarche.path());
		}
		finally {
			gateway.stop(0);
		}
	}

	@Test
	void reportsAPartnersRefusalInItsOwnWords() {
		PartnerOutcome outcome = client(simulatorUrls(), Clock.systemUTC()).partners.submit(
				DemarcheFixtures.request(DemarcheFixtures.DECLARATION),
				new DeclarationTrimestrielleRessources("0000000", "2026-T1", 0, 0));

		assertThat(outcome)
			.isEqualTo(new Refused(422, "Numéro d'allocataire inconnu.", ((Refused) outcome).responseDigest()));
	}

	@Test
	void aTokenForOnePartnerIsRefusedByAnother() {
		Map<String, URI> urls = simulatorUrls();
		urls.put(DemarcheFixtures.IMPOTS, simulator(DemarcheFixtures.ALLOCATIONS).baseUrl());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS);

		PartnerOutcome outcome = client(urls, Clock.systemUTC()).partners.submit(request,
				new CopieAvisImposition("1234567890123", 2025));

		assertThat(outcome).asInstanceOf(type(Refused.class)).satisfies(refused -> {
			assertThat(refused.httpStatus()).isEqualTo(401);
			assertThat(refused.message()).isEqualTo(PartnerAnswers.TOKEN_REFUSED);
		});
		assertThat(simulator(DemarcheFixtures.ALLOCATIONS).requests(request.idempotencyKey())).isOne();
		assertThat(simulator(DemarcheFixtures.ALLOCATIONS).submissions(request.idempotencyKey())).isZero();
	}

	@Test
	void explainsInFrenchWhyATokenIsRefused() throws Exception {
		Client client = client(simulatorUrls(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS);
		String expired = client.tokens.mint(request);
		String fresh = client(simulatorUrls(), Clock.systemUTC()).tokens.mint(request);

		assertThat(post(DemarcheFixtures.IMPOTS, null, request.idempotencyKey().toString()))
			.contains("Le jeton de délégation est absent.");
		assertThat(post(DemarcheFixtures.IMPOTS, expired, request.idempotencyKey().toString()))
			.contains("Le jeton a expiré.");
		assertThat(post(DemarcheFixtures.IMPOTS, fresh, "autre-clé"))
			.contains("Le jeton ne correspond pas à la clé d'idempotence de la demande.");
		assertThat(post(DemarcheFixtures.IMPOTS, fresh.substring(0, fresh.length() - 4) + "AAAA",
				request.idempotencyKey().toString()))
			.contains("La signature du jeton n'est pas valide.");
		assertThat(simulator(DemarcheFixtures.IMPOTS).submissions(request.idempotencyKey())).isZero();
	}

	@Test
	void anExpiredTokenIsRefused() {
		Client client = client(simulatorUrls(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS);

		PartnerOutcome outcome = client.partners.submit(request, new CopieAvisImposition("1234567890123", 2025));

		assertThat(outcome).asInstanceOf(type(Refused.class)).extracting(Refused::httpStatus).isEqualTo(401);
		assertThat(simulator(DemarcheFixtures.IMPOTS).submissions(request.idempotencyKey())).isZero();
	}

	@Test
	void aSlowAnswerWithinTheReadTimeoutIsAccepted() {
		PartnerOutcome outcome = client(simulatorUrls(), Clock.systemUTC()).partners
			.submit(DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE), address("XX-200-XX"));

		assertThat(outcome).asInstanceOf(type(Accepted.class))
			.extracting(Accepted::reference)
			.asString()
			.matches("CI-\\d{4}-\\d{6}");
	}

	@Test
	void noAnswerInTimeIsUnknownThenReconciliationGetsTheStoredAnswer() {
		Client client = client(simulatorUrls(), Clock.systemUTC());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE);
		PartnerSimulator partner = simulator(DemarcheFixtures.IMMATRICULATION);

		PartnerOutcome first = client.partners.submit(request, address("XX-408-XX"));
		PartnerClient.Lookup reconciled = client.partners.lookup(request);

		assertThat(first).isEqualTo(new Unknown("no answer within the read timeout", PartnerAnswers.NOT_ANSWERING));
		assertThat(first.message()).isEqualTo(
				"Le service partenaire ne répond pas. La démarche sera vérifiée automatiquement ; ne la refaites pas.");
		assertThat(reconciled).asInstanceOf(type(PartnerClient.Lookup.Recorded.class))
			.extracting(PartnerClient.Lookup.Recorded::outcome)
			.asInstanceOf(type(Accepted.class))
			.extracting(Accepted::status)
			.isEqualTo("enregistree");
		assertThat(partner.requests(request.idempotencyKey())).isEqualTo(2);
		assertThat(partner.submissions(request.idempotencyKey())).isOne();
	}

	@Test
	void aResetConnectionIsUnknownAndWasProcessedOnce() {
		Client client = client(simulatorUrls(), Clock.systemUTC());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE);

		PartnerOutcome first = client.partners.submit(request, address("XX-104-XX"));
		PartnerClient.Lookup reconciled = client.partners.lookup(request);

		assertThat(first).isInstanceOf(Unknown.class);
		assertThat(reconciled).asInstanceOf(type(PartnerClient.Lookup.Recorded.class))
			.extracting(PartnerClient.Lookup.Recorded::outcome)
			.isInstanceOf(Accepted.class);
		assertThat(simulator(DemarcheFixtures.IMMATRICULATION).submissions(request.idempotencyKey())).isOne();
	}

	@Test
	void aLookupForAKeyThePartnerNeverReceivedSaysSoAndSubmitsNothing() {
		Client client = client(simulatorUrls(), Clock.systemUTC());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE);
		PartnerSimulator partner = simulator(DemarcheFixtures.IMMATRICULATION);

		PartnerClient.Lookup lookup = client.partners.lookup(request);

		assertThat(lookup).isInstanceOf(PartnerClient.Lookup.NotRecorded.class);
		assertThat(partner.requests(request.idempotencyKey())).isOne();
		assertThat(partner.submissions(request.idempotencyKey())).isZero();
	}

	@Test
	void aLookupAnswerIsReadFollowingThePartnerContract() {
		assertThat(PartnerAnswers.lookupAnswer(404, "{\"statut\":\"inconnue\"}".getBytes()))
			.isInstanceOf(PartnerClient.Lookup.NotRecorded.class);
		// A 404 without the partner's word may be a wrong address: nothing is concluded.
		assertThat(PartnerAnswers.lookupAnswer(404, "<html>Not Found</html>".getBytes()))
			.isInstanceOf(PartnerClient.Lookup.Unavailable.class);
		assertThat(PartnerAnswers.lookupAnswer(401, new byte[0])).isInstanceOf(PartnerClient.Lookup.Unavailable.class);
		assertThat(PartnerAnswers.lookupAnswer(503, new byte[0])).isInstanceOf(PartnerClient.Lookup.Unavailable.class);
		assertThat(PartnerAnswers.lookupAnswer(422, "{\"detail\":\"Numéro inconnu\"}".getBytes()))
			.asInstanceOf(type(PartnerClient.Lookup.Recorded.class))
			.extracting(PartnerClient.Lookup.Recorded::outcome)
			.isInstanceOf(Refused.class);
	}

	@Test
	void retriesAnIdempotentDemarcheABoundedNumberOfTimesWithTheSameKey() {
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.DECLARATION);

		PartnerOutcome outcome = client(simulatorUrls(), Clock.systemUTC()).partners.submit(request,
				new DeclarationTrimestrielleRessources("9999500", "2026-T1", 0, 0));

		assertThat(outcome).isEqualTo(new Unknown("HTTP 500", PartnerAnswers.NOT_ANSWERING));
		assertThat(simulator(DemarcheFixtures.ALLOCATIONS).requests(request.idempotencyKey())).isEqualTo(3);
		assertThat(simulator(DemarcheFixtures.ALLOCATIONS).submissions(request.idempotencyKey())).isZero();
	}

	@Test
	void neverRetriesADemarcheThatIsNotIdempotent() {
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE);

		PartnerOutcome outcome = client(simulatorUrls(), Clock.systemUTC()).partners.submit(request,
				address("XX-500-XX"));

		assertThat(outcome).isInstanceOf(Unknown.class);
		assertThat(simulator(DemarcheFixtures.IMMATRICULATION).requests(request.idempotencyKey())).isOne();
	}

	@Test
	void anUnreadableAnswerIsUnknown() {
		PartnerOutcome outcome = client(simulatorUrls(), Clock.systemUTC()).partners.submit(
				DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS), new CopieAvisImposition("3999999999999", 2025));

		assertThat(outcome).isEqualTo(new Unknown("unreadable answer (HTTP 200)", PartnerAnswers.NOT_ANSWERING));
	}

	@Test
	void aPartnerThatRefusesConnectionsDidNotGetTheDemarche() throws IOException {
		Map<String, URI> urls = simulatorUrls();
		urls.put(DemarcheFixtures.IMPOTS, closedPort());

		PartnerOutcome outcome = client(urls, Clock.systemUTC()).partners.submit(
				DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS), new CopieAvisImposition("1234567890123", 2025));

		assertThat(outcome).asInstanceOf(type(NotSent.class)).satisfies(notSent -> {
			assertThat(notSent.reason()).startsWith("connection failed");
			assertThat(notSent.message()).isEqualTo(PartnerAnswers.UNREACHABLE);
		});
	}

	@Test
	void theCircuitOpensAfterRepeatedFailuresThenFailsFast() {
		Client client = client(simulatorUrls(), Clock.systemUTC(),
				new CircuitBreakerSettings(50, 3, 3, Duration.ofMinutes(1), 1));
		for (int i = 0; i < 3; i++) {
			assertThat(client.partners.submit(DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE),
					address("XX-500-XX")))
				.isInstanceOf(Unknown.class);
		}
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE);

		PartnerOutcome outcome = client.partners.submit(request, address("AB-123-CD"));

		assertThat(outcome).isEqualTo(new NotSent(PartnerClient.CIRCUIT_OPEN,
				"Le service partenaire est momentanément indisponible. Réessayez dans quelques minutes."));
		assertThat(simulator(DemarcheFixtures.IMMATRICULATION).requests(request.idempotencyKey())).isZero();
		assertThat(client.partners.submit(DemarcheFixtures.request(DemarcheFixtures.DECLARATION),
				new DeclarationTrimestrielleRessources("1234567", "2026-T1", 0, 0)))
			.as("other partners keep their own circuit")
			.isInstanceOf(Accepted.class);
	}

	@Test
	void refusalsDoNotOpenTheCircuit() {
		Client client = client(simulatorUrls(), Clock.systemUTC(),
				new CircuitBreakerSettings(50, 3, 3, Duration.ofMinutes(1), 1));
		for (int i = 0; i < 4; i++) {
			assertThat(client.partners.submit(DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE),
					address("ZZ-999-ZZ")))
				.isInstanceOf(Refused.class);
		}

		assertThat(client.partners.submit(DemarcheFixtures.request(DemarcheFixtures.CHANGEMENT_ADRESSE),
				address("AB-123-CD")))
			.isInstanceOf(Accepted.class);
	}

	@Test
	void aRepeatedKeyIsAnsweredWithTheFirstAnswer() {
		Client client = client(simulatorUrls(), Clock.systemUTC());
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS);
		PartnerSimulator partner = simulator(DemarcheFixtures.IMPOTS);
		int acceptedBefore = partner.acceptedSubmissions();

		Accepted first = (Accepted) client.partners.submit(request, new CopieAvisImposition("1234567890123", 2025));
		Accepted again = (Accepted) client.partners.submit(request, new CopieAvisImposition("1234567890123", 2025));

		assertThat(again.reference()).isEqualTo(first.reference());
		assertThat(again.responseDigest()).isEqualTo(first.responseDigest());
		assertThat(partner.submissions(request.idempotencyKey())).isOne();
		assertThat(partner.acceptedSubmissions()).isEqualTo(acceptedBefore + 1);
	}

	private static String post(String partnerId, String token, String idempotencyKey)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(simulator(partnerId).baseUrl().resolve("/api/v1/avis-imposition/copies"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString("{\"numeroFiscal\":\"1234567890123\",\"annee\":2025}"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		return response.body();
	}

	private static ChangementAdresseCertificat address(String plate) {
		return new ChangementAdresseCertificat(plate, "12 rue des Lilas", "87000", "Limoges");
	}

	private static PartnerSimulator simulator(String partnerId) {
		return partners.get(partnerId).orElseThrow();
	}

	private static Map<String, URI> simulatorUrls() {
		Map<String, URI> urls = new LinkedHashMap<>();
		partners.all().forEach(simulator -> urls.put(simulator.partnerId(), simulator.baseUrl()));
		return urls;
	}

	private static URI closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return URI.create("http://localhost:" + socket.getLocalPort());
		}
	}

	private static Client client(Map<String, URI> urls, Clock clock) {
		return client(urls, clock, DemarcheFixtures.BREAKER);
	}

	private static Client client(Map<String, URI> urls, Clock clock, CircuitBreakerSettings breaker) {
		DemarcheProperties properties = DemarcheFixtures.properties(urls, breaker);
		DemarcheCatalogue catalogue = new DemarcheCatalogue(properties);
		DelegationTokens tokens = new DelegationTokens(signing.signatures(), signing.personalData(), catalogue,
				properties.tokenIssuer(), properties.tokenTtl(), clock);
		return new Client(new PartnerClient(catalogue, properties, tokens), tokens);
	}

	private record Client(PartnerClient partners, DelegationTokens tokens) {

	}

}
