package fr.mandat.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;

/**
 * Mandat's public keys as a partner sees them: fetched from the JWKS address (known only
 * once the application has started, hence the supplier), kept, and fetched again when a
 * token names a key not seen yet.
 */
final class JwksSource {

	private final Supplier<URI> address;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile @Nullable JWKSet keys;

	JwksSource(Supplier<URI> address) {
		this.address = address;
	}

	/**
	 * @throws IOException when the keys cannot be fetched
	 */
	Optional<ECKey> key(String kid) throws IOException {
		JWKSet current = this.keys;
		if (current == null || current.getKeyByKeyId(kid) == null) {
			current = refresh();
		}
		JWK key = current.getKeyByKeyId(kid);
		return (key instanceof ECKey ec) ? Optional.of(ec) : Optional.empty();
	}

	private synchronized JWKSet refresh() throws IOException {
		HttpRequest request = HttpRequest.newBuilder(this.address.get()).timeout(Duration.ofSeconds(5)).GET().build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("JWKS answered HTTP " + response.statusCode());
			}
			JWKSet fetched = JWKSet.parse(response.body());
			this.keys = fetched;
			return fetched;
		}
		catch (ParseException ex) {
			throw new IOException("Unreadable JWKS", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while fetching the JWKS", ex);
		}
	}

}
