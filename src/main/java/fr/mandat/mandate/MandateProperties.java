package fr.mandat.mandate;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param draftTtl how long a mandate being prepared stays usable
 * @param publicUrl the address the public reaches this service at, printed in the
 * attestation's QR code; when unset, the address of the request that creates the
 * attestation
 * @param verificationsPerMinute how many public verifications one client address may ask
 * for per minute
 * @param maxRenewalsWithoutIdentification how many times in a row a mandate may be
 * renewed without the usager identifying again (then a new mandate, with an
 * identification, is needed): a renewal chain never extends the first identification
 * indefinitely
 */
@Validated
@ConfigurationProperties("mandat.mandate")
record MandateProperties(@DefaultValue("20m") @NotNull Duration draftTtl, @Nullable URI publicUrl,
		@DefaultValue("30") int verificationsPerMinute,
		@DefaultValue("2") @Min(0) @Max(10) int maxRenewalsWithoutIdentification) {

}
