package fr.mandat.local;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * One simulated partner service: a WireMock server answering with the stubs under
 * {@code partners/<partner-id>/mappings/} on the test classpath, behind the partner's
 * delegation token check and idempotency ledger. See {@link PartnerSimulators} for the
 * scenarios.
 */
public final class PartnerSimulator implements AutoCloseable {

	/** The audience Mandat's configuration gives a partner by default. */
	public static final String AUDIENCE_PREFIX = "urn:mandat:partenaire:";

	private final String partnerId;

	private final WireMockServer server;

	private final DelegationTokenCheck tokenCheck;

	private final PartnerLedger ledger;

	private PartnerSimulator(String partnerId, WireMockServer server, DelegationTokenCheck tokenCheck,
			PartnerLedger ledger) {
		this.partnerId = partnerId;
		this.server = server;
		this.tokenCheck = tokenCheck;
		this.ledger = ledger;
	}

	/**
	 * Starts the partner on the loopback interface (port 0 picks a free one), accepting
	 * tokens for {@code urn:mandat:partenaire:<partnerId>}.
	 * @param jwks where Mandat publishes its keys; asked when the first token arrives
	 */
	public static PartnerSimulator start(String partnerId, int port, Supplier<URI> jwks) {
		return start(partnerId, AUDIENCE_PREFIX + partnerId, port, jwks, Clock.systemUTC());
	}

	public static PartnerSimulator start(String partnerId, String audience, int port, Supplier<URI> jwks, Clock clock) {
		PartnerLedger ledger = new PartnerLedger(clock);
		DelegationTokenCheck tokenCheck = new DelegationTokenCheck(audience, new JwksSource(jwks), ledger, clock);
		WireMockServer server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.port(port)
			.usingFilesUnderClasspath("partners/" + partnerId)
			.extensions(tokenCheck, ledger)
			.maxRequestJournalEntries(1000)
			.jettyStopTimeout(500L)
			.notifier(new Slf4jNotifier(false)));
		server.start();
		if (server.getStubMappings().isEmpty()) {
			server.stop();
			throw new IllegalArgumentException("No stubs for partner " + partnerId + " under partners/" + partnerId);
		}
		return new PartnerSimulator(partnerId, server, tokenCheck, ledger);
	}

	public String partnerId() {
		return this.partnerId;
	}

	public int port() {
		return this.server.port();
	}

	public URI baseUrl() {
		return URI.create("http://localhost:" + port());
	}

	/**
	 * Requests that arrived with this idempotency key, refused, replayed or processed.
	 */
	public int requests(UUID idempotencyKey) {
		return this.tokenCheck.requests(idempotencyKey.toString());
	}

	/**
	 * How many times the request with this key was processed: 1 at most, however many
	 * times it was sent.
	 */
	public int submissions(UUID idempotencyKey) {
		return this.ledger.submissions(idempotencyKey.toString());
	}

	/** Distinct requests this partner processed and accepted. */
	public int acceptedSubmissions() {
		return this.ledger.acceptedSubmissions();
	}

	/** The claims of the last token this partner accepted: who acted for whom. */
	public Optional<JWTClaimsSet> lastVerifiedClaims() {
		return this.tokenCheck.lastVerified();
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
