package fr.mandat.demarche;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.mandat.signing.TestSigning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DelegationTokensTests {

	private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");

	@TempDir
	Path directory;

	private TestSigning signing;

	private DemarcheCatalogue catalogue;

	private DelegationTokens tokens;

	@BeforeEach
	void tokens() {
		this.signing = TestSigning.in(this.directory);
		this.catalogue = new DemarcheCatalogue(
				DemarcheFixtures.properties(DemarcheFixtures.everywhere(URI.create("http://localhost:8201"))));
		this.tokens = new DelegationTokens(this.signing.signatures(), this.signing.personalData(), this.catalogue,
				DemarcheFixtures.ISSUER, Duration.ofSeconds(60), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void statesWhoActsForWhomSignedWithThePublishedKey() throws Exception {
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS);

		SignedJWT jwt = SignedJWT.parse(this.tokens.mint(request));
		JWKSet published = JWKSet
			.parse(JsonMapper.builder().build().writeValueAsString(this.signing.signatures().publicJwks()));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("delegation+jwt"));
		assertThat(jwt.verify(new ECDSAVerifier(published.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey())))
			.isTrue();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
		assertThat(claims.getSubject())
			.isEqualTo(this.signing.personalData().pseudonym("partenaire:impots", "usager-pseudonyme-42"))
			.isNotEqualTo("usager-pseudonyme-42");
		assertThat(claims.getAudience()).containsExactly("urn:mandat:partenaire:impots");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
		assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
		assertThat(claims.getJSONObjectClaim("act"))
			.isEqualTo(Map.of("sub", request.aidantId().toString(), "structure", request.structureSiret()));
		assertThat(claims.getStringClaim("mandat")).isEqualTo(request.mandateId().toString());
		assertThat(claims.getStringClaim("demarche")).isEqualTo("copie-avis-imposition");
		assertThat(claims.getStringClaim("txn")).isEqualTo(request.idempotencyKey().toString());
	}

	@Test
	void givesEachPartnerItsOwnIdentifierOfTheUsager() throws Exception {
		JWTClaimsSet impots = SignedJWT.parse(this.tokens.mint(DemarcheFixtures.request(DemarcheFixtures.COPIE_AVIS)))
			.getJWTClaimsSet();
		JWTClaimsSet allocations = SignedJWT
			.parse(this.tokens.mint(DemarcheFixtures.request(DemarcheFixtures.DECLARATION)))
			.getJWTClaimsSet();

		assertThat(impots.getSubject()).isNotEqualTo(allocations.getSubject());
		assertThat(allocations.getSubject())
			.isEqualTo(this.tokens.pairwiseSubject("allocations-familiales", "usager-pseudonyme-42"));
		assertThat(allocations.getAudience()).containsExactly("urn:mandat:partenaire:allocations-familiales");
	}

	@Test
	void mintsAFreshTokenEachTime() throws Exception {
		DelegationRequest request = DemarcheFixtures.request(DemarcheFixtures.DECLARATION);

		JWTClaimsSet first = SignedJWT.parse(this.tokens.mint(request)).getJWTClaimsSet();
		JWTClaimsSet second = SignedJWT.parse(this.tokens.mint(request)).getJWTClaimsSet();

		assertThat(first.getJWTID()).isNotEqualTo(second.getJWTID());
		assertThat(first.getStringClaim("txn")).isEqualTo(second.getStringClaim("txn"));
	}

	@Test
	void refusesALifetimeOverAMinuteAndUnknownDemarches() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DelegationTokens(this.signing.signatures(), this.signing.personalData(),
					this.catalogue, DemarcheFixtures.ISSUER, Duration.ofSeconds(61), Clock.systemUTC()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.mint(DemarcheFixtures.request("demarche-inconnue")));
	}

}
