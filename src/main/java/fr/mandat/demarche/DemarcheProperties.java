package fr.mandat.demarche;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import fr.mandat.structure.DemarcheCategory;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The partners and the démarches carried out there. Adding a démarche takes an entry
 * under {@code demarches} and an input record (see {@link Champ}).
 *
 * @param tokenIssuer the {@code iss} of delegation tokens: the address partners fetch
 * {@code /.well-known/jwks.json} from
 * @param tokenTtl how long a delegation token stays valid; at most one minute
 * @param retry automatic retries of idempotent démarches
 * @param partners by partner id
 * @param demarches by démarche id (kebab-case)
 */
@Validated
@ConfigurationProperties("mandat.demarche")
record DemarcheProperties(@NotBlank String tokenIssuer,
		@DefaultValue("60s") @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 60,
				message = "must be at most 60 seconds: delegation tokens are short-lived") Duration tokenTtl,
		@DefaultValue @Valid Retry retry, @DefaultValue Map<String, @Valid PartnerSettings> partners,
		@DefaultValue Map<String, @Valid DemarcheSettings> demarches) {

	DemarcheProperties {
		// Kept in declaration order: the catalogue lists démarches as configured.
		partners = Collections.unmodifiableMap(new LinkedHashMap<>(partners));
		demarches = Collections.unmodifiableMap(new LinkedHashMap<>(demarches));
	}

	/**
	 * @param maxAttempts attempts in all, the first one included
	 * @param backoff the wait before the second attempt, doubled before each next one
	 */
	record Retry(@DefaultValue("3") @Min(1) @Max(5) int maxAttempts,
			@DefaultValue("200ms") @NotNull @DurationMax(seconds = 5) Duration backoff) {

	}

	/**
	 * @param label the partner's name in French, as aidants know it
	 * @param audience the {@code aud} of the tokens this partner accepts
	 */
	record PartnerSettings(@NotBlank String label, @NotNull URI baseUrl, @NotBlank String audience,
			@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration readTimeout,
			@DefaultValue @Valid CircuitBreakerSettings circuitBreaker) {

	}

	/**
	 * When a partner keeps failing (no answer, 5xx), calls stop for a while instead of
	 * making every aidant wait for a timeout.
	 */
	record CircuitBreakerSettings(@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
			@DefaultValue("10") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
			@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration waitDurationInOpenState,
			@DefaultValue("2") @Min(1) int permittedCallsInHalfOpenState) {

	}

	/**
	 * @param partner a key of {@code partners}
	 * @param path the address at the partner, appended to its base URL
	 * @param input the fully qualified name of the input record
	 * @param idempotent whether a call may be retried automatically (the partner
	 * deduplicates on the idempotency key for this démarche)
	 */
	record DemarcheSettings(@NotBlank String partner, @NotNull DemarcheCategory category, @NotBlank String label,
			@NotBlank String description, @NotBlank @Pattern(regexp = "/\\S*") String path, @NotBlank String input,
			boolean idempotent) {

	}

}
