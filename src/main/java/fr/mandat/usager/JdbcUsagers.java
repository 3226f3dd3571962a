package fr.mandat.usager;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.signing.PersonalDataProtection;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcUsagers implements Usagers {

	static final String PSEUDONYM_CONTEXT = "usager";

	/**
	 * The context of the identity commitment: a keyed digest (HMAC-SHA256 with the
	 * pseudonym key, separated from the pseudonyms by this context), so that nobody
	 * without the key can confirm a guessed identity from a signed mandate (ADR 0030).
	 */
	static final String IDENTITY_CONTEXT = "usager-identity-v1";

	private final JdbcClient jdbc;

	private final PersonalDataProtection protection;

	private final JsonMapper json;

	private final JdbcUsagerDataKeys keys;

	private final Clock clock;

	JdbcUsagers(JdbcClient jdbc, PersonalDataProtection protection, JdbcUsagerDataKeys keys, JsonMapper json,
			Clock clock) {
		this.jdbc = jdbc;
		this.protection = protection;
		this.keys = keys;
		this.json = json;
		this.clock = clock;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public Usager register(VerifiedIdentity identity) {
		String pseudonym = this.protection.pseudonym(PSEUDONYM_CONTEXT, identity.issuer() + "|" + identity.subject());
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("given_name", identity.givenName());
		data.put("family_name", identity.familyName());
		data.put("birthdate", identity.birthdate().toString());
		data.put("birthplace", identity.birthplace());
		data.put("birthcountry", identity.birthcountry());
		data.put("gender", identity.gender());
		data.put("email", identity.email());
		String commitment = identityCommitment(data);
		Instant now = this.clock.instant();
		UUID id = this.jdbc.sql("SELECT id FROM usager WHERE pseudonym = ? FOR UPDATE")
			.param(pseudonym)
			.query(UUID.class)
			.optional()
			.orElseGet(UUID::randomUUID);
		// Their own data key (ADR 0105): the one they have, or a new one for a new usager
		// or for one whose data was erased and who is identified again.
		byte[] wrapped = this.keys.wrapped(id).orElse(null);
		boolean newKey = wrapped == null;
		if (wrapped == null) {
			wrapped = this.keys.newWrappedKey(id);
		}
		byte[] encrypted = this.keys.encrypt(this.json.writeValueAsBytes(data), associatedData(id), id, wrapped);
		this.jdbc.sql("""
				INSERT INTO usager (id, pseudonym, personal_data, created_at, identified_at)
				VALUES (:id, :pseudonym, :data, :now, :now)
				ON CONFLICT (id) DO UPDATE SET
					personal_data = EXCLUDED.personal_data, identified_at = EXCLUDED.identified_at, erased_at = NULL
				""")
			.param("id", id)
			.param("pseudonym", pseudonym)
			.param("data", encrypted)
			.param("now", java.sql.Timestamp.from(now))
			.update();
		if (newKey) {
			this.keys.store(id, wrapped);
		}
		return new Usager(id, pseudonym, commitment);
	}

	@Override
	public Optional<UsagerIdentity> find(UUID usagerId) {
		return this.jdbc.sql("""
				SELECT u.pseudonym, u.personal_data, k.wrapped_key FROM usager u
				LEFT JOIN usager_key k ON k.usager_id = u.id
				WHERE u.id = ? AND u.erased_at IS NULL
				""")
			.param(usagerId)
			.query((rs, n) -> decrypt(usagerId, rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
			.optional();
	}

	private static String required(Map<String, @Nullable Object> data, String claim) {
		if (data.get(claim) instanceof String value) {
			return value;
		}
		throw new IllegalStateException("A stored identity lacks its " + claim);
	}

	private UsagerIdentity decrypt(UUID id, String pseudonym, byte[] encrypted, byte @Nullable [] wrapped) {
		@SuppressWarnings("unchecked")
		Map<String, @Nullable Object> data = this.json
			.readValue(this.keys.decrypt(encrypted, associatedData(id), id, wrapped), Map.class);
		return new UsagerIdentity(id, pseudonym, identityCommitment(data), required(data, "given_name"),
				required(data, "family_name"), LocalDate.parse((String) data.get("birthdate")),
				(String) data.get("birthplace"), (String) data.get("birthcountry"), (String) data.get("email"),
				(String) data.get("gender"));
	}

	/**
	 * The keyed commitment to the identity (names, birth data, gender; not the e-mail).
	 */
	private String identityCommitment(Map<String, @Nullable Object> data) {
		Map<String, @Nullable Object> identity = new LinkedHashMap<>(data);
		identity.remove("email");
		try {
			String canonical = new JsonCanonicalizer(this.json.writeValueAsString(identity)).getEncodedString();
			return this.protection.pseudonym(IDENTITY_CONTEXT, canonical);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Could not canonicalize an identity", ex);
		}
	}

	static byte[] associatedData(UUID id) {
		return ("usager:" + id).getBytes(StandardCharsets.UTF_8);
	}

}
