package fr.mandat.structure;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Staff accounts at Keycloak, through its admin REST API with Spring's RestClient and a
 * service account (client credentials), see ADR 0006.
 */
@Component
class KeycloakAccounts {

	private final RestClient http;

	private final String tokenUri;

	private final String adminBase;

	private final KeycloakAdminProperties properties;

	KeycloakAccounts(KeycloakAdminProperties properties, @Value("${mandat.identity.staff-issuer}") String staffIssuer) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(3));
		requests.setReadTimeout(Duration.ofSeconds(10));
		this.http = RestClient.builder().requestFactory(requests).build();
		this.properties = properties;
		this.tokenUri = staffIssuer + "/protocol/openid-connect/token";
		// https://host/realms/mandat -> https://host/admin/realms/mandat
		URI issuer = URI.create(staffIssuer);
		String path = issuer.getPath();
		int realms = path.lastIndexOf("/realms/");
		this.adminBase = issuer.resolve(path.substring(0, realms) + "/admin" + path.substring(realms)).toString();
	}

	/**
	 * Disables the account and ends all its sessions.
	 * @throws KeycloakUnavailableException when Keycloak cannot be reached or refuses
	 */
	void disableAndSignOut(String subject) {
		try {
			String token = token();
			this.http.put()
				.uri(this.adminBase + "/users/{id}", subject)
				.headers(headers -> headers.setBearerAuth(token))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("enabled", false))
				.retrieve()
				.toBodilessEntity();
			this.http.post()
				.uri(this.adminBase + "/users/{id}/logout", subject)
				.headers(headers -> headers.setBearerAuth(token))
				.retrieve()
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			throw new KeycloakUnavailableException(ex);
		}
	}

	private String token() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("client_id", this.properties.clientId());
		form.add("client_secret", this.properties.clientSecret());
		Map<?, ?> response = this.http.post()
			.uri(this.tokenUri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(Map.class);
		if (response == null || !(response.get("access_token") instanceof String token)) {
			throw new KeycloakUnavailableException(null);
		}
		return token;
	}

	/** Keycloak could not carry out the change; the caller may retry. */
	static class KeycloakUnavailableException extends RuntimeException {

		KeycloakUnavailableException(@Nullable Throwable cause) {
			super("Keycloak's admin API could not carry out the change", cause);
		}

	}

}
