package fr.mandat.federation;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's JDBC authorizations, saved without reading them back
 * first (ADR 0114): its {@code save} calls {@code findById} only to choose between an
 * insert and an update, which read and deserialized the whole row (the aidant's
 * authentication, as JSON) at every save: about an eighth of a code exchange's time in
 * the benchmark. Here that lookup, during a save, only asks whether the row exists.
 */
final class Authorizations extends JdbcOAuth2AuthorizationService {

	private final ThreadLocal<@Nullable OAuth2Authorization> saving = new ThreadLocal<>();

	private final JdbcOperations jdbc;

	Authorizations(JdbcOperations jdbc, RegisteredClientRepository clients) {
		super(jdbc, clients);
		this.jdbc = jdbc;
	}

	/**
	 * Saves the authorization with only the aidant's name as its principal (ADR 0115):
	 * not their whole authentication (Keycloak's ID token, user info, authorities) as
	 * JSON, written and read back at every step. What the partner's ID token needs of it
	 * ({@code acr}, {@code auth_time}) is kept with the aidant's choice.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization slim = slim(authorization);
		this.saving.set(slim);
		try {
			super.save(slim);
		}
		finally {
			this.saving.remove();
		}
	}

	private static OAuth2Authorization slim(OAuth2Authorization authorization) {
		// Only the aidant's sign-in is slimmed; a pushed request's principal (the
		// partner's client authentication) is kept as it is.
		Object principal = authorization.getAttribute(Principal.class.getName());
		if (!(principal instanceof OAuth2AuthenticationToken aidant)) {
			return authorization;
		}
		Authentication name = UsernamePasswordAuthenticationToken.authenticated(aidant.getName(), null, List.of());
		return OAuth2Authorization.from(authorization).attribute(Principal.class.getName(), name).build();
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		OAuth2Authorization saved = this.saving.get();
		if (saved == null || !saved.getId().equals(id)) {
			return super.findById(id);
		}
		Boolean exists = this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM oauth2_authorization WHERE id = ?)",
				Boolean.class, id);
		return Boolean.TRUE.equals(exists) ? saved : null;
	}

}
