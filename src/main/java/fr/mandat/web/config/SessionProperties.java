package fr.mandat.web.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Staff sessions. The idle timeout is {@code server.servlet.session.timeout}
 * ({@code MANDAT_SESSION_IDLE_TIMEOUT}); this adds the absolute lifetime, counted from
 * the sign-in whatever the activity (a step-up does not extend it).
 *
 * @param absoluteTimeout how long a session lasts after its sign-in, at most 24 hours
 */
@Validated
@ConfigurationProperties("mandat.session")
record SessionProperties(@NotNull Duration absoluteTimeout) {

	SessionProperties {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()
				|| absoluteTimeout.compareTo(Duration.ofHours(24)) > 0) {
			throw new IllegalArgumentException("mandat.session.absolute-timeout must be between 1 s and 24 h");
		}
	}

}
