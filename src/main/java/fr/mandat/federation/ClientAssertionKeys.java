package fr.mandat.federation;

import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import fr.mandat.federation.FederationProperties.PartnerSite;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The keys that check a partner's {@code private_key_jwt} assertion: those it publishes
 * (its JWKS address, Spring Authorization Server's own decoder) or the public key given
 * inline in the configuration. Either way the assertion's claims are checked by the
 * server's default rules ({@code iss} = {@code sub} = client id, {@code aud} this server,
 * not expired) and ES256 only.
 */
final class ClientAssertionKeys implements JwtDecoderFactory<RegisteredClient> {

	private final PartnerSites sites;

	private final JwtClientAssertionDecoderFactory published = new JwtClientAssertionDecoderFactory();

	private final Map<String, JwtDecoder> inline = new ConcurrentHashMap<>();

	ClientAssertionKeys(PartnerSites sites) {
		this.sites = sites;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		PartnerSite site = this.sites.find(client.getClientId())
			.orElseThrow(() -> new IllegalStateException("Not a partner site: " + client.getClientId()))
			.settings();
		String jwk = site.jwk();
		if (jwk == null || jwk.isBlank()) {
			return this.published.createDecoder(client);
		}
		return this.inline.computeIfAbsent(client.getClientId(), id -> inlineDecoder(client, jwk));
	}

	private static JwtDecoder inlineDecoder(RegisteredClient client, String jwk) {
		JWK key;
		try {
			key = JWK.parse(jwk).toPublicJWK();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Partner client " + client.getClientId() + ": unreadable jwk", ex);
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(key))));
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client));
		return decoder;
	}

}
