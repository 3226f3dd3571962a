package fr.mandat.federation;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
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

	@Override
	public void save(OAuth2Authorization authorization) {
		this.saving.set(authorization);
		try {
			super.save(authorization);
		}
		finally {
			this.saving.remove();
		}
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
