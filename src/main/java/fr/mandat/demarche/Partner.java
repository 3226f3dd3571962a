package fr.mandat.demarche;

import java.net.URI;
import java.time.Duration;

/**
 * A service of another organisation where démarches are carried out.
 *
 * @param label its name in French
 * @param audience the {@code aud} of the delegation tokens it accepts
 */
public record Partner(String id, String label, URI baseUrl, String audience, Duration connectTimeout,
		Duration readTimeout) {

}
