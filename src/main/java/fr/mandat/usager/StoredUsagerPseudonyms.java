package fr.mandat.usager;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

@Service
class StoredUsagerPseudonyms implements UsagerPseudonyms {

	private final UsagerIdentityProperties properties;

	private final PersonalDataProtection protection;

	private final JdbcClient jdbc;

	private final Usagers usagers;

	StoredUsagerPseudonyms(UsagerIdentityProperties properties, PersonalDataProtection protection, JdbcClient jdbc,
			Usagers usagers) {
		this.properties = properties;
		this.protection = protection;
		this.jdbc = jdbc;
		this.usagers = usagers;
	}

	@Override
	public String of(String issuer, String subject) {
		if (!issuer.equals(this.properties.issuer())) {
			throw new IdentificationException("issuer", "Not the usagers' identity provider");
		}
		return this.protection.pseudonym(JdbcUsagers.PSEUDONYM_CONTEXT, issuer + "|" + subject);
	}

	@Override
	public Optional<Instant> erasedAt(String pseudonym) {
		return this.jdbc.sql("SELECT erased_at FROM usager WHERE pseudonym = ? AND erased_at IS NOT NULL")
			.param(pseudonym)
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	@Override
	public Optional<UsagerIdentity> identity(String pseudonym) {
		Optional<UUID> id = this.jdbc.sql("SELECT id FROM usager WHERE pseudonym = ?")
			.param(pseudonym)
			.query(UUID.class)
			.optional();
		return id.flatMap(this.usagers::find);
	}

}
