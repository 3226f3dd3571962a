package fr.mandat.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The sign-in clients of {@code spring.security.oauth2.client}, each discovered from its
 * provider's issuer on first use rather than at start-up (Spring Boot's own repository
 * asks every provider while the application starts, so an instance could not start, nor
 * restart, while Keycloak is away). A discovery that fails is tried again at the next
 * use; one that succeeds is kept.
 */
public final class LazyClientRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final Map<String, OAuth2ClientProperties> sources;

	private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();

	public LazyClientRegistrations(OAuth2ClientProperties properties) {
		Map<String, OAuth2ClientProperties> byId = new java.util.LinkedHashMap<>();
		properties.getRegistration().forEach((id, registration) -> {
			OAuth2ClientProperties single = new OAuth2ClientProperties();
			single.getRegistration().put(id, registration);
			String providerId = (registration.getProvider() != null) ? registration.getProvider() : id;
			OAuth2ClientProperties.Provider provider = properties.getProvider().get(providerId);
			if (provider != null) {
				single.getProvider().put(providerId, provider);
			}
			single.validate();
			byId.put(id, single);
		});
		this.sources = Map.copyOf(byId);
	}

	/** The registrations configured, whether discovered yet or not. */
	List<String> registrationIds() {
		return List.copyOf(this.sources.keySet());
	}

	/** The issuer configured for a registration, known without asking the provider. */
	Optional<String> issuer(String registrationId) {
		OAuth2ClientProperties source = this.sources.get(registrationId);
		if (source == null) {
			return Optional.empty();
		}
		return source.getProvider()
			.values()
			.stream()
			.map(OAuth2ClientProperties.Provider::getIssuerUri)
			.filter(uri -> uri != null && !uri.isBlank())
			.findFirst();
	}

	/**
	 * The registration, discovered now if it was not yet.
	 * @throws IdentityProviderUnavailable when its provider cannot be asked
	 */
	@Override
	public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
		ClientRegistration known = this.discovered.get(registrationId);
		if (known != null) {
			return known;
		}
		OAuth2ClientProperties source = this.sources.get(registrationId);
		if (source == null) {
			return null;
		}
		ClientRegistration registration;
		try {
			registration = new OAuth2ClientPropertiesMapper(source).asClientRegistrations().get(registrationId);
		}
		catch (RuntimeException ex) {
			// Spring wraps the HTTP failure in an IllegalArgumentException.
			throw new IdentityProviderUnavailable(registrationId, ex);
		}
		if (registration == null) {
			return null;
		}
		this.discovered.put(registrationId, registration);
		return registration;
	}

	/** The registrations whose provider could be asked (used to list sign-in choices). */
	@Override
	public Iterator<ClientRegistration> iterator() {
		List<ClientRegistration> available = new ArrayList<>();
		for (String id : this.sources.keySet()) {
			try {
				ClientRegistration registration = findByRegistrationId(id);
				if (registration != null) {
					available.add(registration);
				}
			}
			catch (IdentityProviderUnavailable ex) {
				// Left out until its provider answers.
			}
		}
		return available.iterator();
	}

	/** A sign-in provider could not be asked for its configuration. */
	public static final class IdentityProviderUnavailable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		IdentityProviderUnavailable(String registrationId, Throwable cause) {
			super("The sign-in provider of " + registrationId + " did not give its configuration", cause);
		}

	}

}
