package fr.mandat.signing;

import java.util.Map;
import java.util.Optional;

/**
 * JSON Web Signatures made with the service's ES256 key, whose public half is published
 * at {@code /.well-known/jwks.json}.
 */
public interface ServiceSignatures {

	/**
	 * A compact JWS (ES256, with {@code kid} and the given {@code typ}) over the payload
	 * bytes, used exactly as given.
	 */
	String signJws(byte[] payload, String type);

	/**
	 * The payload of a compact JWS if its signature verifies against one of the service's
	 * published keys, empty otherwise (malformed, wrong algorithm, unknown key, bad
	 * signature).
	 */
	Optional<byte[]> verifyJws(String compact);

	/** The public JWK set, as JSON-compatible values. */
	Map<String, Object> publicJwks();

}
