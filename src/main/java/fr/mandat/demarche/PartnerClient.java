package fr.mandat.demarche;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import fr.mandat.demarche.DemarcheProperties.CircuitBreakerSettings;
import fr.mandat.demarche.PartnerOutcome.Accepted;
import fr.mandat.demarche.PartnerOutcome.NotSent;
import fr.mandat.demarche.PartnerOutcome.Refused;
import fr.mandat.demarche.PartnerOutcome.Unknown;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends démarches to partners: {@code POST {baseUrl}{path}} with the input as JSON, a
 * fresh delegation token per attempt and the same {@code Idempotency-Key} on every
 * attempt. Turns every ending into a {@link PartnerOutcome} (what an answer means is
 * {@link PartnerAnswers}' part). Idempotent démarches are retried a few times when the
 * outcome is not known; one circuit breaker per partner stops calls to a partner that
 * keeps failing.
 * <p>
 * Logs name the partner, the démarche, the attempt and the outcome, never the token or
 * the input (personal data): refusals at INFO, failures and unknown outcomes at WARN,
 * acceptances at DEBUG (the journal records each).
 */
public final class PartnerClient {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String UNAVAILABLE = "Le service partenaire est momentanément indisponible. Réessayez dans quelques minutes.";

	static final String CIRCUIT_OPEN = "circuit breaker open";

	static final String AUTHORITY_WITHDRAWN = "authority withdrawn before a retry";

	static final String AUTHORITY_WITHDRAWN_MESSAGE = "La démarche n'a pas été transmise : le mandat ou votre habilitation ne le permet plus.";

	private static final Logger logger = LoggerFactory.getLogger(PartnerClient.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DemarcheCatalogue catalogue;

	private final DelegationTokens tokens;

	private final DemarcheProperties.Retry retry;

	private final Map<String, RestClient> clients = new LinkedHashMap<>();

	/**
	 * Each démarche's address at its partner, built once: expanding the path against the
	 * base URL at every call took about 4 % of a request thread's CPU samples
	 * (docs/benchmarks.md).
	 */
	private final Map<String, URI> addresses = new LinkedHashMap<>();

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	PartnerClient(DemarcheCatalogue catalogue, DemarcheProperties properties, DelegationTokens tokens) {
		this.catalogue = catalogue;
		this.tokens = tokens;
		this.retry = properties.retry();
		for (Partner partner : catalogue.partners()) {
			this.clients.put(partner.id(), restClient(partner));
			DemarcheProperties.PartnerSettings settings = properties.partners().get(partner.id());
			if (settings == null) {
				throw new IllegalStateException("No settings for partner " + partner.id());
			}
			this.breakers.circuitBreaker(partner.id(), breakerConfig(settings.circuitBreaker()));
			catalogue.demarches()
				.stream()
				.filter(demarche -> demarche.partnerId().equals(partner.id()))
				.forEach(demarche -> this.addresses.put(demarche.id(),
						UriComponentsBuilder.fromUri(partner.baseUrl()).path(demarche.path()).build(true).toUri()));
		}
	}

	/**
	 * Carries out the démarche at its partner: up to the configured number of attempts
	 * for an idempotent démarche whose outcome is not known, exactly one otherwise.
	 * @param input an instance of the démarche's input type, already validated
	 */
	public PartnerOutcome submit(DelegationRequest request, Record input) {
		return submit(request, input, () -> true);
	}

	/**
	 * As {@link #submit(DelegationRequest, Record)}, asking {@code stillAllowed} before
	 * each retry: a retry may be the first delivery the partner receives, so it goes out
	 * only if Mandat's checks still pass at that moment.
	 */
	public PartnerOutcome submit(DelegationRequest request, Record input, BooleanSupplier stillAllowed) {
		Call call = call(request, input);
		int allowed = call.demarche().idempotent() ? this.retry.maxAttempts() : 1;
		boolean maybeReceived = false;
		for (int attempt = 1;; attempt++) {
			PartnerOutcome outcome = attempt(call, attempt);
			maybeReceived |= outcome instanceof Unknown;
			boolean circuitOpen = outcome instanceof NotSent notSent && notSent.reason().equals(CIRCUIT_OPEN);
			boolean retry = isTransient(outcome) && attempt < allowed && !circuitOpen && pause(attempt);
			if (retry && !stillAllowed.getAsBoolean()) {
				outcome = new NotSent(AUTHORITY_WITHDRAWN, AUTHORITY_WITHDRAWN_MESSAGE);
				retry = false;
			}
			if (!retry) {
				// An earlier attempt may have reached the partner even if the last did
				// not.
				return (maybeReceived && outcome instanceof NotSent notSent)
						? new Unknown(notSent.reason() + " after an unanswered attempt", PartnerAnswers.NOT_ANSWERING)
						: outcome;
			}
		}
	}

	/**
	 * Asks the partner what it recorded for an execution's idempotency key, with
	 * {@code GET {path}/{key}} and a delegation token bound to that key: never a
	 * submission. The partner answers with the answer it gave (or would have given) to
	 * the submission, or 404 with {@code "statut": "inconnue"} if it never received it.
	 */
	public Lookup lookup(DelegationRequest request) {
		Demarche demarche = demarche(request);
		CircuitBreaker breaker = this.breakers.circuitBreaker(demarche.partnerId());
		if (!breaker.tryAcquirePermission()) {
			return new Lookup.Unavailable(CIRCUIT_OPEN);
		}
		String key = request.idempotencyKey().toString();
		long start = System.nanoTime();
		Lookup lookup;
		try {
			lookup = client(demarche.partnerId()).get()
				.uri(demarche.path() + "/" + key)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + this.tokens.mint(request))
				.header(IDEMPOTENCY_KEY, key)
				.exchange((req, response) -> PartnerAnswers.lookupAnswer(response.getStatusCode().value(),
						PartnerAnswers.read(response.getBody())));
		}
		catch (RestClientException ex) {
			PartnerOutcome failure = PartnerAnswers.failure(ex);
			lookup = new Lookup.Unavailable(
					(failure instanceof Unknown unknown) ? unknown.reason() : ((NotSent) failure).reason());
		}
		long elapsed = System.nanoTime() - start;
		if (lookup instanceof Lookup.Unavailable unavailable) {
			breaker.onError(elapsed, TimeUnit.NANOSECONDS, new PartnerFailure(new Unknown(unavailable.reason(), "")));
		}
		else {
			breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
		}
		logger.info("Partner {} asked about démarche {}: {}{}", demarche.partnerId(), demarche.id(),
				lookup.getClass().getSimpleName(),
				(lookup instanceof Lookup.Unavailable unavailable) ? " (" + unavailable.reason() + ")" : "");
		return lookup;
	}

	/**
	 * Delivers, once, an execution that the partner has not received (the reconciliation
	 * job checked that, and Mandat's authority, just before).
	 */
	public PartnerOutcome deliverOnce(DelegationRequest request, Record input) {
		return attempt(call(request, input), 1);
	}

	/** What the partner recorded for an idempotency key. */
	public sealed interface Lookup {

		/** It received the submission and answered this. */
		record Recorded(PartnerOutcome outcome) implements Lookup {
		}

		/** It never received a submission with this key. */
		record NotRecorded() implements Lookup {
		}

		/** No usable answer (down, slow, refused the token): ask again later. */
		record Unavailable(String reason) implements Lookup {
		}

	}

	/**
	 * Closes every partner's circuit (the breakers count from zero again): for tests that
	 * need a known state whatever ran before them in the same application.
	 */
	void resetCircuitBreakers() {
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	/** The state of a partner's circuit breaker, e.g. for a health page. */
	CircuitBreaker.State circuitState(String partnerId) {
		return this.breakers.circuitBreaker(partnerId).getState();
	}

	private Demarche demarche(DelegationRequest request) {
		return this.catalogue.demarche(request.demarcheId())
			.orElseThrow(() -> new IllegalArgumentException("Unknown démarche " + request.demarcheId()));
	}

	private Call call(DelegationRequest request, Record input) {
		Demarche demarche = demarche(request);
		if (!demarche.inputType().isInstance(input)) {
			throw new IllegalArgumentException(
					"Démarche " + demarche.id() + " takes a " + demarche.inputType().getSimpleName());
		}
		return new Call(demarche, request, JSON.writeValueAsBytes(input));
	}

	private PartnerOutcome attempt(Call call, int attempt) {
		String partnerId = call.demarche().partnerId();
		CircuitBreaker breaker = this.breakers.circuitBreaker(partnerId);
		PartnerOutcome outcome;
		if (!breaker.tryAcquirePermission()) {
			outcome = new NotSent(CIRCUIT_OPEN, UNAVAILABLE);
		}
		else {
			long start = System.nanoTime();
			try {
				outcome = send(call);
			}
			catch (RuntimeException ex) {
				breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
				throw ex;
			}
			long elapsed = System.nanoTime() - start;
			if (isTransient(outcome)) {
				breaker.onError(elapsed, TimeUnit.NANOSECONDS, new PartnerFailure(outcome));
			}
			else {
				breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
			}
		}
		log(call, attempt, outcome);
		return outcome;
	}

	private RestClient client(String partnerId) {
		RestClient client = this.clients.get(partnerId);
		if (client == null) {
			// The catalogue and the clients are built together at start-up.
			throw new IllegalStateException("No client for partner " + partnerId);
		}
		return client;
	}

	private URI address(Demarche demarche) {
		URI address = this.addresses.get(demarche.id());
		if (address == null) {
			throw new IllegalStateException("No address for démarche " + demarche.id());
		}
		return address;
	}

	private PartnerOutcome send(Call call) {
		RestClient client = client(call.demarche().partnerId());
		String token = this.tokens.mint(call.request());
		try {
			return client.post()
				.uri(address(call.demarche()))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header(IDEMPOTENCY_KEY, call.request().idempotencyKey().toString())
				.body(call.body())
				.exchange((request, response) -> PartnerAnswers.answer(response.getStatusCode().value(),
						PartnerAnswers.read(response.getBody())));
		}
		catch (RestClientException ex) {
			return PartnerAnswers.failure(ex);
		}
	}

	private static boolean isTransient(PartnerOutcome outcome) {
		return outcome instanceof NotSent || outcome instanceof Unknown;
	}

	private boolean pause(int attempt) {
		Duration wait = this.retry.backoff().multipliedBy(1L << (attempt - 1));
		try {
			Thread.sleep(wait.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void log(Call call, int attempt, PartnerOutcome outcome) {
		String partnerId = call.demarche().partnerId();
		String demarcheId = call.demarche().id();
		if (outcome instanceof Accepted) {
			// Every accepted démarche is in the journal; an INFO line each
			// cost a twentieth of a request's CPU (docs/benchmarks.md).
			logger.debug("Partner {} accepted démarche {} (attempt {})", partnerId, demarcheId, attempt);
		}
		else if (outcome instanceof Refused refused) {
			logger.info("Partner {} refused démarche {} with HTTP {} (attempt {})", partnerId, demarcheId,
					refused.httpStatus(), attempt);
		}
		else if (outcome instanceof NotSent notSent) {
			logger.warn("Démarche {} not sent to partner {}: {} (attempt {})", demarcheId, partnerId, notSent.reason(),
					attempt);
		}
		else if (outcome instanceof Unknown unknown) {
			logger.warn("Démarche {} at partner {} has an unknown outcome: {} (attempt {})", demarcheId, partnerId,
					unknown.reason(), attempt);
		}
	}

	/**
	 * A blocking client: the exchange runs in the calling thread from the request to the
	 * answer (HTTP/1.1, kept-alive connections reused), with no hand-off between threads.
	 * The JDK's asynchronous client passed each exchange through about six threads, which
	 * on two busy cores was most of a démarche's time (docs/benchmarks.md). A redirect is
	 * never followed: a partner answers where it was called.
	 */
	private static RestClient restClient(Partner partner) {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory() {

			@Override
			protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
				super.prepareConnection(connection, httpMethod);
				connection.setInstanceFollowRedirects(false);
			}

		};
		factory.setConnectTimeout(partner.connectTimeout());
		factory.setReadTimeout(partner.readTimeout());
		return RestClient.builder().requestFactory(factory).baseUrl(partner.baseUrl().toString()).build();
	}

	private static CircuitBreakerConfig breakerConfig(CircuitBreakerSettings settings) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.waitDurationInOpenState(settings.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			.build();
	}

	private record Call(Demarche demarche, DelegationRequest request, byte[] body) {

	}

	/** What the circuit breaker counts: the partner did not give a usable answer. */
	private static final class PartnerFailure extends RuntimeException {

		PartnerFailure(PartnerOutcome outcome) {
			super(outcome.getClass().getSimpleName(), null, false, false);
		}

	}

}
