package fr.mandat.signing;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param keystore the PKCS#12 keystore holding the service's keys; every instance uses
 * the same one
 * @param password its password
 * @param generateIfMissing create the keys on first start, and those missing from an
 * existing keystore (local stack and tests only: instances starting together would each
 * make their own)
 * @param tsaUrl the RFC 3161 time-stamp authority that dates signed PDF documents (PAdES
 * B-T); none when empty (B-B)
 */
@Validated
@ConfigurationProperties("mandat.signing")
record SigningProperties(@NotNull Path keystore, @NotBlank String password, boolean generateIfMissing,
		@Nullable String tsaUrl) {

	Optional<String> timestampAuthority() {
		return Optional.ofNullable(this.tsaUrl).filter(url -> !url.isBlank());
	}

}
