package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Knows whether each sign-in provider (Keycloak for staff, the usagers' provider)
 * answers, by asking for its discovery document every few seconds, so that a sign-in
 * started while it is away gets a French page instead of the browser's connection error.
 * Until the first answer, a provider counts as reachable.
 */
class IdentityProviderProbe {

	private static final Logger log = LoggerFactory.getLogger(IdentityProviderProbe.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final ClientRegistrationRepository registrations;

	private final List<String> registrationIds;

	private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	IdentityProviderProbe(ClientRegistrationRepository registrations, List<String> registrationIds) {
		this.registrations = registrations;
		this.registrationIds = List.copyOf(registrationIds);
	}

	/** Whether the provider of this registration answered at the last probe. */
	boolean reachable(String registrationId) {
		return issuer(registrationId).map(issuer -> this.reachable.getOrDefault(issuer, true)).orElse(true);
	}

	@Scheduled(fixedDelayString = "${mandat.identity.probe-interval:10s}", initialDelayString = "5s")
	void probe() {
		for (String id : this.registrationIds) {
			issuer(id).ifPresent(issuer -> {
				boolean answered = answers(issuer);
				Boolean before = this.reachable.put(issuer, answered);
				if (before != null && before != answered) {
					log.warn("Sign-in provider {} {}", issuer, answered ? "answers again" : "does not answer");
				}
			});
		}
	}

	private boolean answers(String issuer) {
		try {
			HttpResponse<Void> response = this.http
				.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
					.timeout(TIMEOUT)
					.GET()
					.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Optional<String> issuer(String registrationId) {
		ClientRegistration registration = this.registrations.findByRegistrationId(registrationId);
		@Nullable String issuer = (registration != null) ? registration.getProviderDetails().getIssuerUri() : null;
		return Optional.ofNullable(issuer);
	}

}
