package fr.mandat.federation;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.signing.ServiceSignatures;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * Logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) signed by the signing
 * module with the service's key ({@code typ} {@code logout+jwt}, {@code kid} of
 * {@code /oauth2/jwks}), and their delivery to a partner's back-channel logout address.
 */
final class LogoutTokens {

	/** The event a logout token carries (§2.4). */
	static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	static final String TYPE = "logout+jwt";

	/** How long a logout token may be used: the time to deliver it, no more. */
	static final Duration TTL = Duration.ofMinutes(2);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServiceSignatures signatures;

	private final String issuer;

	private final Clock clock;

	private final HttpClient http;

	private final Duration timeout;

	LogoutTokens(ServiceSignatures signatures, String issuer, Clock clock, Duration timeout) {
		this.signatures = signatures;
		this.issuer = issuer;
		this.clock = clock;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/**
	 * A logout token for one session of a partner: {@code sub} the pairwise identifier
	 * the partner was given, {@code sid} that session; no {@code nonce} (§2.4).
	 */
	String token(String clientId, String subject, @Nullable String sid) {
		Instant now = this.clock.instant();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("aud", List.of(clientId));
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.plus(TTL).getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sub", subject);
		if (sid != null) {
			claims.put("sid", sid);
		}
		claims.put("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()));
		return this.signatures.signJws(JSON.writeValueAsBytes(claims), TYPE);
	}

	/**
	 * Posts the token to the partner (§2.5: form-encoded {@code logout_token}).
	 * @return the HTTP status of the partner's answer
	 * @throws IOException when the partner cannot be reached in time
	 */
	int deliver(URI address, String token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(address)
			.timeout(this.timeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cache-Control", "no-store")
			.POST(HttpRequest.BodyPublishers
				.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
