package fr.mandat.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Year;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.jspecify.annotations.Nullable;

/**
 * The partner's record of what it processed, by idempotency key: the first answer to a
 * key is kept and replayed to every later request with that key, so a retry or a
 * reconciliation is never a second submission. An answer is kept as soon as a stub is
 * chosen, before any delay or connection fault: the partner processed the request even if
 * the caller never saw the answer. Server errors (5xx) are not kept: nothing was
 * processed.
 * <p>
 * Stub bodies may hold {@code ${year}} and {@code ${sequence}} (six digits, one more per
 * kept answer), e.g. {@code "AF-${year}-${sequence}"}.
 */
final class PartnerLedger implements ResponseDefinitionTransformerV2 {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private final Clock clock;

	private final ConcurrentMap<String, Answer> answers = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, AtomicInteger> submissions = new ConcurrentHashMap<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicLong sequence = new AtomicLong();

	PartnerLedger(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String getName() {
		return "partner-ledger";
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		ResponseDefinition definition = serveEvent.getResponseDefinition();
		String key = serveEvent.getRequest().getHeader(IDEMPOTENCY_KEY);
		if (key == null || !definition.wasConfigured() || definition.getStatus() >= 500) {
			return definition;
		}
		String body = references(text(definition));
		Answer answer = new Answer(digest(serveEvent.getRequest().getBody()), definition.getStatus(),
				(definition.getHeaders() != null) ? definition.getHeaders() : HttpHeaders.noHeaders(), body);
		Answer first = this.answers.putIfAbsent(key, answer);
		if (first != null) {
			// Two requests with one key raced past the replay check: the second gets the
			// first's answer.
			return first.replay();
		}
		this.submissions.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
		if (answer.status() >= 200 && answer.status() < 300) {
			this.accepted.incrementAndGet();
		}
		return ResponseDefinitionBuilder.like(definition).withBody(body).build();
	}

	/**
	 * The kept answer for a key already processed; a refusal if the key comes with
	 * another request body than the first time.
	 */
	Optional<ResponseDefinition> replay(@Nullable String key, byte[] body) {
		Answer answer = (key != null) ? this.answers.get(key) : null;
		if (answer == null) {
			return Optional.empty();
		}
		if (!Arrays.equals(answer.requestDigest(), digest(body))) {
			return Optional.of(DelegationTokenCheck.problem(422, "Clé d'idempotence déjà utilisée",
					"Cette clé d'idempotence a déjà servi pour une autre demande."));
		}
		return Optional.of(answer.replay());
	}

	/**
	 * The partner's status lookup: the answer kept for a key, or 404 with
	 * {@code "statut": "inconnue"} when no request with that key was processed.
	 */
	ResponseDefinition lookup(@Nullable String key) {
		Answer answer = (key != null) ? this.answers.get(key) : null;
		if (answer == null) {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(404)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("{\"title\":\"Demande inconnue\",\"status\":404,\"statut\":\"inconnue\","
						+ "\"detail\":\"Aucune demande n'a été reçue avec cette clé d'idempotence.\"}")
				.build();
		}
		return answer.replay();
	}

	/** How many times the request with this key was processed: 0 or 1. */
	int submissions(String key) {
		AtomicInteger count = this.submissions.get(key);
		return (count != null) ? count.get() : 0;
	}

	/** Distinct requests processed with a 2xx answer. */
	int acceptedSubmissions() {
		return this.accepted.get();
	}

	/** Stubs give either {@code body} or {@code jsonBody}. */
	private static String text(ResponseDefinition definition) {
		byte[] bytes = definition.getByteBody();
		if (bytes != null && bytes.length > 0) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (definition.getJsonBody() != null) ? definition.getJsonBody().toString() : "";
	}

	private String references(String body) {
		if (!body.contains("${sequence}") && !body.contains("${year}")) {
			return body;
		}
		return body.replace("${year}", String.valueOf(Year.now(this.clock).getValue()))
			.replace("${sequence}", String.format("%06d", this.sequence.incrementAndGet()));
	}

	private static byte[] digest(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(byte[] requestDigest, int status, HttpHeaders headers, String body) {

		ResponseDefinition replay() {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(this.status)
				.withHeaders(this.headers)
				.withHeader(REPLAYED, "true")
				.withBody(this.body)
				.build();
		}

	}

}
