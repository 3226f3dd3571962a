package fr.mandat.demarche;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.signing.ServiceSignatures;
import tools.jackson.databind.json.JsonMapper;

/**
 * Short-lived delegation tokens (RFC 8693 style, ES256 JWS of type
 * {@code delegation+jwt}) that tell a partner who acts ({@code act}) for whom
 * ({@code sub}, pairwise per partner so partners cannot link usagers between them), under
 * which mandate, for which démarche and which idempotency key ({@code txn}). Partners
 * verify them with the keys at {@code /.well-known/jwks.json}.
 */
public final class DelegationTokens {

	static final String TYPE = "delegation+jwt";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ServiceSignatures signatures;

	private final PersonalDataProtection personalData;

	private final DemarcheCatalogue catalogue;

	private final String issuer;

	private final Duration ttl;

	private final Clock clock;

	DelegationTokens(ServiceSignatures signatures, PersonalDataProtection personalData, DemarcheCatalogue catalogue,
			String issuer, Duration ttl, Clock clock) {
		if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofSeconds(60)) > 0) {
			throw new IllegalArgumentException("A delegation token lives between 1 and 60 seconds, not " + ttl);
		}
		this.signatures = signatures;
		this.personalData = personalData;
		this.catalogue = catalogue;
		this.issuer = issuer;
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * A new token, valid from now for the configured lifetime, with a fresh {@code jti}:
	 * mint one per attempt.
	 * @throws IllegalArgumentException for a démarche that is not in the catalogue
	 */
	public String mint(DelegationRequest request) {
		Demarche demarche = this.catalogue.demarche(request.demarcheId())
			.orElseThrow(() -> new IllegalArgumentException("Unknown démarche " + request.demarcheId()));
		Partner partner = this.catalogue.partnerOf(demarche);
		Map<String, Object> claims = claims(partner, request.usagerPseudonym(), request.aidantId(),
				request.structureSiret(), request.mandateId());
		claims.put("demarche", demarche.id());
		claims.put("txn", request.idempotencyKey().toString());
		return this.signatures.signJws(JSON.writeValueAsBytes(claims), TYPE);
	}

	/**
	 * A token for one of a partner's own APIs, asked by the partner's site through token
	 * exchange (RFC 8693, ADR 0113): the same format as a démarche's ({@code typ}
	 * {@code delegation+jwt}, the same key, issuer and lifetime, {@code sub} pairwise for
	 * that partner, {@code act}, {@code aud}, {@code mandat}, a fresh {@code jti}), with
	 * the categories granted ({@code authorization_details}, RFC 9396) in place of the
	 * démarche and the idempotency key.
	 * @throws IllegalArgumentException for a partner that is not in the catalogue
	 */
	public String mint(PartnerDelegation request) {
		Partner partner = this.catalogue.partner(request.partnerId())
			.orElseThrow(() -> new IllegalArgumentException("Unknown partner " + request.partnerId()));
		Map<String, Object> claims = claims(partner, request.usagerPseudonym(), request.aidantId(),
				request.structureSiret(), request.mandateId());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", "mandat");
		details.put("categories", request.categories());
		claims.put("authorization_details", List.of(details));
		return this.signatures.signJws(JSON.writeValueAsBytes(claims), TYPE);
	}

	/**
	 * What every delegation token says: issuer, the usager's pairwise {@code sub} for the
	 * partner, its audience, a lifetime from now, a fresh {@code jti}, who acts
	 * ({@code act}) and under which mandate.
	 */
	private Map<String, Object> claims(Partner partner, String usagerPseudonym, UUID aidantId, String structureSiret,
			UUID mandateId) {
		long issuedAt = this.clock.instant().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", this.issuer);
		claims.put("sub", pairwiseSubject(partner.id(), usagerPseudonym));
		claims.put("aud", partner.audience());
		claims.put("iat", issuedAt);
		claims.put("nbf", issuedAt);
		claims.put("exp", issuedAt + this.ttl.toSeconds());
		claims.put("jti", UUID.randomUUID().toString());
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("sub", aidantId.toString());
		actor.put("structure", structureSiret);
		claims.put("act", actor);
		claims.put("mandat", mandateId.toString());
		return claims;
	}

	/**
	 * The {@code aud} of the delegation tokens a partner accepts (its APIs), if the
	 * partner is in the catalogue.
	 */
	public Optional<String> audienceOf(String partnerId) {
		return this.catalogue.partner(partnerId).map(Partner::audience);
	}

	/** The usager's identifier as one partner knows it; another partner gets another. */
	public String pairwiseSubject(String partnerId, String usagerPseudonym) {
		return this.personalData.pseudonym("partenaire:" + partnerId, usagerPseudonym);
	}

}
