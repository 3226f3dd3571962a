package fr.mandat.signing;

import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param keystore the PKCS#12 keystore holding the service's keys; every instance uses
 * the same one
 * @param password its password
 * @param generateIfMissing create the keys on first start (local stack and tests only:
 * instances starting together would each make their own)
 */
@Validated
@ConfigurationProperties("mandat.signing")
record SigningProperties(@NotNull Path keystore, @NotBlank String password, boolean generateIfMissing) {

}
