package fr.mandat.federation;

import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import fr.mandat.signing.ServiceSignatures;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * ID tokens signed by the signing module with the service's ES256 key, the one published
 * at {@code /.well-known/jwks.json} (ADR 0110): the private key never leaves that module.
 * The header is the signing module's ({@code alg} ES256, {@code kid}, {@code typ} JWT).
 */
final class ServiceKeyJwtEncoder implements JwtEncoder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServiceSignatures signatures;

	ServiceKeyJwtEncoder(ServiceSignatures signatures) {
		this.signatures = signatures;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		JwtClaimsSet claims = parameters.getClaims();
		Map<String, Object> payload = new LinkedHashMap<>();
		claims.getClaims().forEach((name, value) -> payload.put(name, json(value)));
		String compact = this.signatures.signJws(JSON.writeValueAsBytes(payload), "JWT");
		Map<String, Object> header;
		try {
			header = JWSObject.parse(compact).getHeader().toJSONObject();
		}
		catch (ParseException ex) {
			throw new JwtEncodingException("The signing module returned an unreadable JWS", ex);
		}
		return Jwt.withTokenValue(compact)
			.headers(h -> h.putAll(header))
			.claims(c -> claims.getClaims().forEach((name, value) -> c.put(name, stored(value))))
			.build();
	}

	/**
	 * The claims as the authorization server stores them with the authorization (JSON,
	 * read back through Jackson's allow-list of types): plain mutable lists and maps,
	 * never the JDK's immutable ones, which it refuses to read.
	 */
	private static Object stored(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(String.valueOf(k), stored(v)));
			return copy;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> copy = new ArrayList<>();
			collection.forEach(v -> copy.add(stored(v)));
			return copy;
		}
		return value;
	}

	/** JSON values: times as NumericDate (seconds), addresses as strings. */
	private static Object json(Object value) {
		if (value instanceof Instant instant) {
			return instant.getEpochSecond();
		}
		if (value instanceof URL || value instanceof URI) {
			return value.toString();
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
			return copy;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> copy = new ArrayList<>();
			collection.forEach(v -> copy.add(json(v)));
			return copy;
		}
		return value;
	}

}
