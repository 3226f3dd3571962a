package fr.mandat.structure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Staff accounts at Keycloak, through its admin REST API with Spring's RestClient and a
 * service account (client credentials), see ADR 0006. Implements the module's
 * {@link StaffAccounts}.
 */
@Component
class KeycloakAccounts implements StaffAccounts {

	/**
	 * What the invitation link asks for: the password only. The TOTP device is configured
	 * at the first sign-in to Mandat (Keycloak's OTP step asks for it when the account
	 * has none), so the person lands signed in on Mandat's home page right after (ADR
	 * 0041).
	 */
	static final List<String> FIRST_SIGN_IN_ACTIONS = List.of("UPDATE_PASSWORD");

	/**
	 * User attributes the invitation e-mail reads (declared in the realm's user profile).
	 */
	static final String INVITED_BY = "mandat_invite_par";

	static final String INVITATION_STRUCTURE = "mandat_structure";

	/** The credentials a returning person loses: they choose both again. */
	static final List<String> REMOVED_CREDENTIALS = List.of("password", "otp");

	/** How long the invitation link stays valid. */
	static final Duration INVITATION_LIFESPAN = Duration.ofDays(3);

	private final RestClient http;

	private final String tokenUri;

	private final String adminBase;

	private final KeycloakAdminProperties properties;

	/** The client people sign in to Mandat with. */
	private final String staffClientId;

	KeycloakAccounts(KeycloakAdminProperties properties, @Value("${mandat.identity.staff-issuer}") String staffIssuer,
			@Value("${mandat.identity.staff-client-id}") String staffClientId) {
		this.staffClientId = staffClientId;
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
	 * @throws AccountsUnavailableException when Keycloak cannot be reached or refuses
	 */
	@Override
	public void disableAndSignOut(String subject) {
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
			throw new AccountsUnavailableException(ex);
		}
	}

	/**
	 * Makes sure the person has an enabled account whose first sign-in requires a new
	 * password and a TOTP device, and e-mails them the link to do so. Safe to repeat: an
	 * account already holding the e-mail address is reused (and enabled again), never
	 * duplicated; its password and one-time code devices are removed first and its
	 * sessions ended, so a person who comes back never signs in with what they used
	 * before.
	 * @return the account, and what was removed from it if it existed
	 * @throws AccountsUnavailableException when Keycloak cannot be reached or refuses
	 */
	@Override
	public Provisioned provision(String email, String givenName, String familyName, Invitation invitation) {
		try {
			String token = token();
			List<?> existing = this.http.get()
				.uri(this.adminBase + "/users?email={email}&exact=true", email)
				.headers(headers -> headers.setBearerAuth(token))
				.retrieve()
				.body(List.class);
			Map<String, Object> user = new LinkedHashMap<>();
			user.put("enabled", true);
			user.put("email", email);
			user.put("emailVerified", true);
			user.put("firstName", givenName);
			user.put("lastName", familyName);
			user.put("requiredActions", FIRST_SIGN_IN_ACTIONS);
			user.put("attributes", Map.of(INVITED_BY, List.of(invitation.invitedBy()), INVITATION_STRUCTURE,
					List.of(invitation.structureName())));
			String existingId = (existing != null && !existing.isEmpty() && existing.get(0) instanceof Map<?, ?> found
					&& found.get("id") instanceof String foundId) ? foundId : null;
			String id;
			List<String> removed = List.of();
			if (existingId != null) {
				id = existingId;
				// Credentials and sessions first: the account must not be usable with the
				// old ones, even for a moment, once it is enabled again. Without a
				// password or a device, the person chooses both again (the OTP step asks
				// for a device at the first sign-in).
				removed = removeCredentials(token, id);
				this.http.post()
					.uri(this.adminBase + "/users/{id}/logout", id)
					.headers(headers -> headers.setBearerAuth(token))
					.retrieve()
					.toBodilessEntity();
			}
			else {
				Map<String, Object> created = new LinkedHashMap<>(user);
				created.put("username", email);
				URI location = this.http.post()
					.uri(this.adminBase + "/users")
					.headers(headers -> headers.setBearerAuth(token))
					.contentType(MediaType.APPLICATION_JSON)
					.body(created)
					.retrieve()
					.toBodilessEntity()
					.getHeaders()
					.getLocation();
				if (location == null) {
					throw new AccountsUnavailableException(null);
				}
				String path = location.getPath();
				id = path.substring(path.lastIndexOf('/') + 1);
			}
			// Set again after a creation too: Keycloak adds the realm's default required
			// actions (TOTP) to a new account, and the invitation asks for the password
			// only.
			this.http.put()
				.uri(this.adminBase + "/users/{id}", id)
				.headers(headers -> headers.setBearerAuth(token))
				.contentType(MediaType.APPLICATION_JSON)
				.body(user)
				.retrieve()
				.toBodilessEntity();
			sendInvitation(token, id);
			return new Provisioned(id, existingId != null, removed, FIRST_SIGN_IN_ACTIONS);
		}
		catch (RestClientException ex) {
			throw new AccountsUnavailableException(ex);
		}
	}

	/** Deletes the account's password and OTP credentials; returns their types. */
	private List<String> removeCredentials(String token, String id) {
		List<?> credentials = this.http.get()
			.uri(this.adminBase + "/users/{id}/credentials", id)
			.headers(headers -> headers.setBearerAuth(token))
			.retrieve()
			.body(List.class);
		List<String> removed = new java.util.ArrayList<>();
		for (Object credential : (credentials != null) ? credentials : List.of()) {
			if (credential instanceof Map<?, ?> c && c.get("id") instanceof String credentialId
					&& c.get("type") instanceof String type && REMOVED_CREDENTIALS.contains(type)) {
				this.http.delete()
					.uri(this.adminBase + "/users/{id}/credentials/{credential}", id, credentialId)
					.headers(headers -> headers.setBearerAuth(token))
					.retrieve()
					.toBodilessEntity();
				removed.add(type);
			}
		}
		return removed.stream().sorted().distinct().toList();
	}

	private void sendInvitation(String token, String id) {
		UriComponentsBuilder uri = UriComponentsBuilder
			.fromUriString(this.adminBase + "/users/{id}/execute-actions-email")
			.queryParam("lifespan", INVITATION_LIFESPAN.toSeconds());
		URI returnUrl = this.properties.invitationReturnUrl();
		if (returnUrl != null) {
			uri.queryParam("client_id", this.staffClientId).queryParam("redirect_uri", returnUrl.toString());
		}
		this.http.put()
			.uri(uri.buildAndExpand(id).encode().toUri())
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(FIRST_SIGN_IN_ACTIONS)
			.retrieve()
			.toBodilessEntity();
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
			throw new AccountsUnavailableException(null);
		}
		return token;
	}

}
