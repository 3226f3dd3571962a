package fr.mandat.usager;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import fr.mandat.signing.DataKeys;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.usager.Usagers.Usager;
import fr.mandat.usager.Usagers.UsagerIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Each usager's personal data is encrypted with a data key of their own (ADR 0105);
 * usagers identified before are re-encrypted at start, once, whatever the instances.
 */
@MandatIntegrationTest
class UsagerDataKeysTests {

	@Autowired
	private Usagers usagers;

	@Autowired
	private UsagerDataKeys dataKeys;

	@Autowired
	private UsagerDataKeysBackfill backfill;

	@Autowired
	private PersonalDataProtection protection;

	@Autowired
	private UsagerDataKeysRewrap rewrap;

	@Autowired
	private DataKeys keys;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@Test
	void aNewUsagerGetsADataKeyOfTheirOwn() {
		String subject = UUID.randomUUID().toString();
		Usager usager = register("Hélène", "Martin", subject);

		assertThat(keyRows(usager.id())).isOne();
		byte[] stored = personalData(usager.id());
		assertThat(DataKeys.formatOf(stored)).isEqualTo(2);
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Martin");
		assertThat(this.usagers.find(usager.id())).hasValueSatisfying(identity -> {
			assertThat(identity.displayName()).isEqualTo("Hélène Martin");
			assertThat(identity.identityCommitment()).isEqualTo(usager.identityCommitment());
		});
		// Identified again: same key, data rewritten under it.
		byte[] wrapped = wrappedKey(usager.id());
		assertThat(register("Hélène", "Martin", subject).id()).isEqualTo(usager.id());
		assertThat(wrappedKey(usager.id())).isEqualTo(wrapped);
		assertThat(personalData(usager.id())).isNotEqualTo(stored);
		assertThat(this.usagers.find(usager.id())).isPresent();
	}

	@Test
	void usagersIdentifiedBeforeAreReencryptedOnceWhateverTheInstances() throws Exception {
		List<UUID> old = List.of(oldUsager("Paul", "Bernard"), oldUsager("Inès", "Petit"), oldUsager("Luc", "Roux"));
		for (UUID id : old) {
			assertThat(DataKeys.formatOf(personalData(id))).isEqualTo(1);
			assertThat(this.usagers.find(id)).as("format 1 still reads").isPresent();
		}

		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> run = this.backfill::run;
			List<Future<Integer>> runs = instances.invokeAll(List.of(run, run));
			assertThat(runs.get(0).get() + runs.get(1).get()).isGreaterThanOrEqualTo(old.size());
		}
		finally {
			instances.shutdown();
		}

		for (UUID id : old) {
			assertThat(DataKeys.formatOf(personalData(id))).isEqualTo(2);
			assertThat(keyRows(id)).isOne();
		}
		assertThat(this.usagers.find(old.get(0)))
			.hasValueSatisfying(identity -> assertThat(identity.displayName()).isEqualTo("Paul Bernard"));
		assertThat(this.usagers.find(old.get(1)).map(UsagerIdentity::displayName)).hasValue("Inès Petit");
		assertThat(this.backfill.run()).as("nothing left").isZero();
	}

	@Test
	void otherModulesEncryptWithTheUsagersKey() {
		Usager usager = register("Rose", "Lefèvre");
		byte[] row = "demarche-input:1".getBytes(StandardCharsets.UTF_8);
		byte[] plaintext = "{\"adresse\":\"3 rue des Lilas\"}".getBytes(StandardCharsets.UTF_8);

		byte[] sealed = this.dataKeys.encrypt(usager.id(), plaintext, row);

		assertThat(DataKeys.formatOf(sealed)).isEqualTo(2);
		assertThat(this.dataKeys.decrypt(usager.id(), sealed, row)).hasValue(plaintext);
		assertThat(this.dataKeys.decrypt(usager.id(), this.protection.encrypt(plaintext, row), row))
			.as("older data under the service key")
			.hasValue(plaintext);
		assertThat(this.dataKeys.erased(usager.id())).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> this.dataKeys.encrypt(UUID.randomUUID(), plaintext, row));
	}

	@Test
	void afterARotationEveryKeyNotNamedForTheCurrentServiceKeyIsWrappedAgainAndNamed() {
		// The rotation itself (a retired key unwrapping) is
		// PersonalDataKeyRotationTests'; here, the rows the runner takes and what it
		// writes.
		Usager unnamed = register("Odile", "Bernard");
		Usager lost = register("Paul", "Garnier");
		byte[] wrapped = wrappedKey(unnamed.id());
		assertThat(keyId(unnamed.id())).isEqualTo(this.keys.currentKeyId());
		this.jdbc.sql("UPDATE usager_key SET key_id = NULL WHERE usager_id = ?").param(unnamed.id()).update();
		byte[] unknown = "wrapped by a key nobody has".getBytes(StandardCharsets.UTF_8);
		this.jdbc.sql("UPDATE usager_key SET wrapped_key = ?, key_id = 'ffffffffffffffff' WHERE usager_id = ?")
			.params(unknown, lost.id())
			.update();

		UsagerDataKeysRewrap.Result result = this.rewrap.run();

		assertThat(result.rewrapped()).isGreaterThanOrEqualTo(1);
		assertThat(result.failed()).isGreaterThanOrEqualTo(1);
		assertThat(keyId(unnamed.id())).isEqualTo(this.keys.currentKeyId());
		assertThat(wrappedKey(unnamed.id())).as("already under the current key: unchanged").isEqualTo(wrapped);
		assertThat(this.usagers.find(unnamed.id())).isPresent();
		assertThat(keyId(lost.id())).as("left for someone to look at").isEqualTo("ffffffffffffffff");
		assertThat(wrappedKey(lost.id())).isEqualTo(unknown);
		// Nothing left to do for the named rows: a second run takes only the lost one.
		assertThat(this.rewrap.run().rewrapped()).isZero();
	}

	private String keyId(UUID id) {
		return this.jdbc.sql("SELECT key_id FROM usager_key WHERE usager_id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

	private Usager register(String givenName, String familyName) {
		return register(givenName, familyName, UUID.randomUUID().toString());
	}

	private Usager register(String givenName, String familyName, String subject) {
		return this.transactions.execute(status -> this.usagers
			.register(new VerifiedIdentity("https://usagers.example/realm", subject, givenName, familyName,
					LocalDate.of(1970, 5, 2), "75056", "99100", "female", null, "eidas1", "id-token")));
	}

	/**
	 * A usager as stored before per-usager keys: data under the service key, no key row.
	 */
	private UUID oldUsager(String givenName, String familyName) {
		UUID id = UUID.randomUUID();
		byte[] data = this.json
			.writeValueAsBytes(Map.of("given_name", givenName, "family_name", familyName, "birthdate", "1950-01-01"));
		Timestamp at = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				INSERT INTO usager (id, pseudonym, personal_data, created_at, identified_at) VALUES (?, ?, ?, ?, ?)
				""")
			.params(id, "old-" + id, this.protection.encrypt(data, JdbcUsagers.associatedData(id)), at, at)
			.update();
		return id;
	}

	private byte[] personalData(UUID id) {
		return this.jdbc.sql("SELECT personal_data FROM usager WHERE id = ?")
			.param(id)
			.query((rs, n) -> rs.getBytes(1))
			.single();
	}

	private byte[] wrappedKey(UUID id) {
		return this.jdbc.sql("SELECT wrapped_key FROM usager_key WHERE usager_id = ?")
			.param(id)
			.query((rs, n) -> rs.getBytes(1))
			.single();
	}

	private long keyRows(UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM usager_key WHERE usager_id = ?")
			.param(id)
			.query(Long.class)
			.single();
	}

}
