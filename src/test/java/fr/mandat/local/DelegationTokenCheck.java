package fr.mandat.local;

import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a partner checks before anything else: a delegation token from Mandat, signed with
 * a published key, meant for this partner, alive, short-lived, naming the acting aidant
 * and bound to the request's idempotency key. Then, if the key was already processed, the
 * stored answer is replayed instead of letting any stub answer.
 */
final class DelegationTokenCheck implements StubRequestFilterV2 {

	static final JOSEObjectType TYPE = new JOSEObjectType("delegation+jwt");

	static final Duration MAX_LIFETIME = Duration.ofSeconds(60);

	/** Clocks of different organisations drift a little. */
	static final Duration SKEW = Duration.ofSeconds(5);

	private final String audience;

	private final JwksSource jwks;

	private final PartnerLedger ledger;

	private final Clock clock;

	private final ConcurrentMap<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable JWTClaimsSet> lastVerified = new AtomicReference<>();

	DelegationTokenCheck(String audience, JwksSource jwks, PartnerLedger ledger, Clock clock) {
		this.audience = audience;
		this.jwks = jwks;
		this.ledger = ledger;
		this.clock = clock;
	}

	@Override
	public String getName() {
		return "delegation-token-check";
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		String key = request.containsHeader(PartnerLedger.IDEMPOTENCY_KEY)
				? request.getHeader(PartnerLedger.IDEMPOTENCY_KEY) : null;
		if (key != null) {
			this.requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
		}
		JWTClaimsSet claims;
		try {
			claims = verify(request, key);
		}
		catch (Refusal refusal) {
			return RequestFilterAction.stopWith(problem(401, "Jeton de délégation refusé", refusal.getMessage()));
		}
		catch (IOException ex) {
			return RequestFilterAction.stopWith(problem(503, "Service indisponible",
					"Les clés publiques de Mandat sont inaccessibles : le jeton ne peut pas être vérifié."));
		}
		this.lastVerified.set(claims);
		if (RequestMethod.GET.equals(request.getMethod())) {
			// A status lookup (GET {path}/{key}): what was recorded for the key, never a
			// submission.
			return RequestFilterAction.stopWith(this.ledger.lookup(key));
		}
		Optional<ResponseDefinition> replay = this.ledger.replay(key, request.getBody());
		return replay.map(RequestFilterAction::stopWith).orElseGet(() -> RequestFilterAction.continueWith(request));
	}

	int requests(String key) {
		AtomicInteger count = this.requests.get(key);
		return (count != null) ? count.get() : 0;
	}

	Optional<JWTClaimsSet> lastVerified() {
		return Optional.ofNullable(this.lastVerified.get());
	}

	private JWTClaimsSet verify(Request request, @Nullable String key) throws Refusal, IOException {
		String authorization = request.containsHeader("Authorization") ? request.getHeader("Authorization") : null;
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			throw new Refusal("Le jeton de délégation est absent.");
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(authorization.substring("Bearer ".length()).strip());
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new Refusal("Le jeton de délégation est illisible.");
		}
		JWSHeader header = jwt.getHeader();
		if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
			throw new Refusal("Le jeton n'est pas signé avec l'algorithme attendu (ES256).");
		}
		if (!TYPE.equals(header.getType())) {
			throw new Refusal("Le jeton n'est pas un jeton de délégation.");
		}
		ECKey publicKey = (header.getKeyID() != null) ? this.jwks.key(header.getKeyID()).orElse(null) : null;
		if (publicKey == null) {
			throw new Refusal("La clé qui a signé le jeton est inconnue.");
		}
		try {
			if (!jwt.verify(new ECDSAVerifier(publicKey))) {
				throw new Refusal("La signature du jeton n'est pas valide.");
			}
		}
		catch (JOSEException ex) {
			throw new Refusal("La signature du jeton n'est pas valide.");
		}
		checkClaims(claims, key);
		return claims;
	}

	private void checkClaims(JWTClaimsSet claims, @Nullable String key) throws Refusal {
		Instant now = this.clock.instant();
		if (!claims.getAudience().contains(this.audience)) {
			throw new Refusal("Le jeton n'est pas destiné à ce service.");
		}
		Date expiry = claims.getExpirationTime();
		Date issued = claims.getIssueTime();
		if (expiry == null || !expiry.toInstant().isAfter(now)) {
			throw new Refusal("Le jeton a expiré.");
		}
		if (issued == null || Duration.between(issued.toInstant(), expiry.toInstant()).compareTo(MAX_LIFETIME) > 0) {
			throw new Refusal("Le jeton est valable plus d'une minute.");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && notBefore.toInstant().isAfter(now.plus(SKEW))) {
			throw new Refusal("Le jeton n'est pas encore valable.");
		}
		if (isBlank(claims.getSubject())) {
			throw new Refusal("Le jeton ne désigne pas l'usager.");
		}
		Map<String, Object> actor;
		try {
			actor = claims.getJSONObjectClaim("act");
		}
		catch (ParseException ex) {
			actor = null;
		}
		if (actor == null || !(actor.get("sub") instanceof String aidant) || aidant.isBlank()) {
			throw new Refusal("Le jeton ne désigne pas l'aidant qui agit.");
		}
		if (key == null || !key.equals(claims.getClaim("txn"))) {
			throw new Refusal("Le jeton ne correspond pas à la clé d'idempotence de la demande.");
		}
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	static ResponseDefinition problem(int status, String title, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		String body = JsonMapper.builder().build().writeValueAsString(problem);
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(status)
			.withHeader("Content-Type", "application/problem+json")
			.withBody(body)
			.build();
	}

	/** A token this partner does not accept; the message is its French explanation. */
	private static final class Refusal extends Exception {

		Refusal(String message) {
			super(message, null, false, false);
		}

	}

}
