package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Knows whether each sign-in provider (Keycloak for staff, the usagers' provider)
 * answers, by asking for its discovery document every few seconds, so that a sign-in
 * started while it is away gets a French page instead of the browser's connection error.
 * Until the first answer, a provider counts as reachable.
 */
public class IdentityProviderProbe {

	private static final Logger log = LoggerFactory.getLogger(IdentityProviderProbe.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final LazyClientRegistrations registrations;

	private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	IdentityProviderProbe(LazyClientRegistrations registrations) {
		this.registrations = registrations;
	}

	/** Whether the provider of this registration answered at the last probe. */
	public boolean reachable(String registrationId) {
		return issuer(registrationId).map(issuer -> this.reachable.getOrDefault(issuer, true)).orElse(true);
	}

	/**
	 * Signs out at the provider as {@code atProvider} does, or only here, landing on
	 * {@code localPath}, while the provider does not answer (the browser could not follow
	 * the redirect to it; the session here is already gone).
	 */
	public LogoutSuccessHandler signOutAtProviderIfReachable(String registrationId, LogoutSuccessHandler atProvider,
			String localPath) {
		return (request, response, authentication) -> {
			if (reachable(registrationId)) {
				try {
					atProvider.onLogoutSuccess(request, response, authentication);
					return;
				}
				catch (LazyClientRegistrations.IdentityProviderUnavailable ex) {
					// Never discovered by this instance and away now: sign out here only.
				}
			}
			response.sendRedirect(request.getContextPath() + localPath);
		};
	}

	@Scheduled(fixedDelayString = "${mandat.identity.probe-interval:10s}", initialDelayString = "5s")
	void probe() {
		for (String id : this.registrations.registrationIds()) {
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
		return this.registrations.issuer(registrationId);
	}

}
