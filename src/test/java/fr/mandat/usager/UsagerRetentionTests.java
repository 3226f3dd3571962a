package fr.mandat.usager;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.VerificationReport;
import fr.mandat.mandate.MandateFixtures;
import fr.mandat.mandate.MandateSummaries;
import fr.mandat.mandate.UsagerMandates;
import fr.mandat.signing.DataKeys;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import fr.mandat.support.TestClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The retention rule (ADR 0106), with the injected clock: a year after their last mandate
 * ended, a usager's data key is deleted and what named them is emptied, while the journal
 * and the signed mandates stay verifiable. Each run is limited to the usagers this test
 * made, so other tests' usagers are never erased.
 */
@MandatIntegrationTest
class UsagerRetentionTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private UsagerRetention retention;

	@Autowired
	private UsagerDataKeys dataKeys;

	@Autowired
	private Usagers usagers;

	@Autowired
	private PersonalDataProtection protection;

	@Autowired
	private MandateSummaries summaries;

	@Autowired
	private UsagerMandates usagerMandates;

	@Autowired
	private JournalAudit journal;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private JdbcClient jdbc;

	@AfterEach
	void resetClock() {
		TestClock.reset();
	}

	@Test
	void aYearAfterTheLastMandateEndedTheUsagersDataCannotBeReadAndEverythingStaysVerifiable() throws Exception {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		// A: a mandate revoked today (one category first, then the whole), and a
		// démarche.
		UUID ended = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		UUID partial = fixtures.revoke(ended, DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"));
		fixtures.revoke(ended, DemoAccount.CAMILLE, VILLENEUVE);
		UUID a = usagerOf(ended);
		UUID execution = execution(ended, a);
		// B: a mandate of a year, still running a year and a day from now... almost.
		UUID running = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("logement"), 365);
		UUID b = usagerOf(running);
		// C: identified, but no mandate was ever signed.
		UUID c = this.transactions
			.execute(status -> this.usagers
				.register(new VerifiedIdentity("https://usagers.example/realm", UUID.randomUUID().toString(), "Léa",
						"Garnier", LocalDate.of(1988, 1, 9), null, null, null, null, "eidas1", "id-token")))
			.id();
		List<UUID> ours = List.of(a, b, c);
		byte[] aData = personalData(a);
		String aPseudonym = pseudonym(a);
		assertThat(this.usagerMandates.attestation(ended, aPseudonym)).isPresent();
		assertThat(this.usagerMandates.revocationAttestation(partial, aPseudonym)).isPresent();

		assertThat(this.retention.run(ours)).as("nothing is due yet").isZero();
		TestClock.shift(Duration.ofDays(364));
		assertThat(this.retention.run(ours)).as("not a year yet").isZero();

		TestClock.shift(Duration.ofDays(366));
		assertThat(this.retention.run(ours)).isEqualTo(2);
		assertThat(this.retention.run(ours)).as("erased once").isZero();
		TestClock.reset();

		// A's key is gone; the ciphertext stays and no key reads it.
		assertThat(keyRows(a)).isZero();
		assertThat(personalData(a)).isEqualTo(aData);
		assertThat(DataKeys.formatOf(aData)).isEqualTo(2);
		assertThat(this.dataKeys.erased(a)).isTrue();
		assertThat(this.dataKeys.decrypt(a, aData, JdbcUsagers.associatedData(a))).isEmpty();
		assertThat(this.usagers.find(a)).isEmpty();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.protection.decrypt(aData, JdbcUsagers.associatedData(a)));
		// What named A elsewhere is emptied.
		assertThat(bytes("SELECT attestation FROM mandate WHERE id = ?", ended)).isEmpty();
		assertThat(bytes("SELECT attestation FROM mandate_revocation WHERE id = ?", partial)).isEmpty();
		assertThat(bytes("SELECT input FROM demarche_execution WHERE id = ?", execution)).isEmpty();
		// The usager's own space has no attestation to give either.
		assertThat(this.usagerMandates.attestation(ended, aPseudonym)).isEmpty();
		assertThat(this.usagerMandates.revocationAttestation(partial, aPseudonym)).isEmpty();
		assertThat(this.jdbc.sql("SELECT cardinality(usager_name_index) FROM mandate WHERE id = ?")
			.param(ended)
			.query(Integer.class)
			.single()).isZero();
		UUID structure = this.jdbc.sql("SELECT structure_id FROM mandate WHERE id = ?")
			.param(ended)
			.query(UUID.class)
			.single();
		assertThat(this.summaries.find(ended, structure)).isInstanceOfSatisfying(MandateSummaries.Summary.class,
				s -> assertThat(s.usagerName()).isEqualTo("Données effacées"));
		// Journaled under the pseudonym only, by the service.
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'USAGER_DATA_ERASED' AND actor_type = 'SYSTEM' AND usager_ref = ?
				""").param(aPseudonym).query(Long.class).single()).isOne();

		// C too; B keeps everything.
		assertThat(keyRows(c)).isZero();
		assertThat(this.dataKeys.erased(c)).isTrue();
		assertThat(keyRows(b)).isOne();
		assertThat(this.usagers.find(b)).isPresent();
		assertThat(bytes("SELECT attestation FROM mandate WHERE id = ?", running)).isNotEmpty();

		// The signed mandate still verifies.
		String digest = this.jdbc.sql("SELECT digest FROM mandate WHERE id = ?")
			.param(ended)
			.query(String.class)
			.single();
		HttpResponse<String> verified = get("/api/v1/verification/" + ended + "?digest=" + digest);
		assertThat(verified.statusCode()).isEqualTo(200);
		JWSObject jws = JWSObject
			.parse(this.jdbc.sql("SELECT jws FROM mandate WHERE id = ?").param(ended).query(String.class).single());
		ECKey key = (ECKey) JWKSet.parse(get("/.well-known/jwks.json").body())
			.getKeyByKeyId(jws.getHeader().getKeyID());
		assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(jws.getPayload().toString()).contains(aPseudonym).doesNotContain("Dupont");

		// The whole journal still verifies, the erasure included.
		Awaitility.await("erasure sequenced").atMost(Duration.ofSeconds(20)).until(() -> this.jdbc.sql("""
				SELECT count(*) FROM journal_entry e JOIN journal_leaf l ON l.entry_id = e.id
				WHERE e.action = 'USAGER_DATA_ERASED' AND e.usager_ref = ?
				""").param(aPseudonym).query(Long.class).single() > 0);
		VerificationReport report = this.journal.verify(Actor.system());
		assertThat(report.problem()).isNull();
		assertThat(report.valid()).isTrue();
	}

	@Test
	void theScheduledRunKeepsEveryoneWhoseMandatesEndedWithinTheYear() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("travail"), 1);
		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		UUID usager = usagerOf(mandate);

		this.retention.scheduled();

		assertThat(this.dataKeys.erased(usager)).isFalse();
		assertThat(keyRows(usager)).isOne();
		assertThat(this.usagers.find(usager)).isPresent();
	}

	@Test
	void aUsagerIdentifiedAgainAfterTheErasureStartsAfresh() {
		String subject = UUID.randomUUID().toString();
		UUID id = register(subject, "Yves", "Marchand");
		TestClock.shift(Duration.ofDays(400));
		assertThat(this.retention.run(List.of(id))).isOne();
		TestClock.reset();
		assertThat(this.usagers.find(id)).isEmpty();

		assertThat(register(subject, "Yves", "Marchand")).isEqualTo(id);

		assertThat(this.dataKeys.erased(id)).isFalse();
		assertThat(keyRows(id)).isOne();
		assertThat(this.usagers.find(id))
			.hasValueSatisfying(u -> assertThat(u.displayName()).isEqualTo("Yves Marchand"));
	}

	@Test
	void staffSeeThatTheDataWasErasedAndGetNoAttestation() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("transports", "loisirs"), 1);
		UUID revocation = fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE, List.of("loisirs"));
		fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE);
		StaffHttp sophie = StaffHttp.signIn(DemoAccount.SOPHIE);
		assertThat(sophie.get("/mandats/" + mandate + "/attestation.pdf").statusCode()).isEqualTo(200);
		assertThat(sophie.get("/mandats/" + mandate).body()).contains("Jeanne Dupont");

		TestClock.shift(Duration.ofDays(367));
		assertThat(this.retention.run(List.of(usagerOf(mandate)))).isOne();
		TestClock.reset();

		HttpResponse<String> page = sophie.get("/mandats/" + mandate);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Données effacées")
			.doesNotContain("Jeanne Dupont")
			.doesNotContain("attestation.pdf")
			.doesNotContain("/revocations/");
		assertThat(sophie.get("/mandats/" + mandate + "/attestation.pdf").statusCode()).isEqualTo(404);
		assertThat(sophie.get("/mandats/" + mandate + "/revocations/" + revocation + ".pdf").statusCode())
			.isEqualTo(404);
	}

	@Test
	void theRuntimeRoleMayOnlyEmptyAnAttestation() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID mandate = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent", "social"), 31);
		UUID revocation = fixtures.revoke(mandate, DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"));

		assertThatExceptionOfType(DataAccessException.class).as("another document in its place")
			.isThrownBy(() -> this.jdbc.sql("UPDATE mandate SET attestation = '\\x255044462d'::bytea WHERE id = ?")
				.param(mandate)
				.update());
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(
				() -> this.jdbc.sql("UPDATE mandate_revocation SET attestation = '\\x255044462d'::bytea WHERE id = ?")
					.param(revocation)
					.update());
		assertThatExceptionOfType(DataAccessException.class).as("no other column opens")
			.isThrownBy(() -> this.jdbc.sql("UPDATE mandate_revocation SET categories = '{social}' WHERE id = ?")
				.param(revocation)
				.update());
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.sql("UPDATE mandate SET document = '{}' WHERE id = ?").param(mandate).update());
		assertThat(new String(bytes("SELECT attestation FROM mandate WHERE id = ?", mandate), 0, 4,
				StandardCharsets.US_ASCII))
			.isEqualTo("%PDF");

		assertThat(this.jdbc.sql("UPDATE mandate SET attestation = ''::bytea WHERE id = ?").param(mandate).update())
			.isOne();
		assertThat(bytes("SELECT attestation FROM mandate WHERE id = ?", mandate)).isEmpty();
	}

	private UUID register(String subject, String givenName, String familyName) {
		return this.transactions
			.execute(status -> this.usagers.register(new VerifiedIdentity("https://usagers.example/realm", subject,
					givenName, familyName, LocalDate.of(1961, 11, 30), null, null, "male", null, "eidas1", "id-token")))
			.id();
	}

	private UUID usagerOf(UUID mandate) {
		return this.jdbc.sql("SELECT usager_id FROM mandate WHERE id = ?").param(mandate).query(UUID.class).single();
	}

	private String pseudonym(UUID usager) {
		return this.jdbc.sql("SELECT pseudonym FROM usager WHERE id = ?").param(usager).query(String.class).single();
	}

	/**
	 * A démarche done under the mandate, its input stored encrypted as the démarche
	 * module does.
	 */
	private UUID execution(UUID mandate, UUID usager) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO demarche_execution (id, demarche, partner, mandate_id, usager_id, aidant_id, structure_id,
				  input, status, requested_at, usager_pseudonym, structure_siret)
				SELECT ?, 'essai', 'essai', m.id, m.usager_id, m.aidant_id, m.structure_id, ?, 'ACCEPTED', ?,
				  m.usager_pseudonym, '' FROM mandate m WHERE m.id = ?
				""")
			.params(id,
					this.dataKeys.encrypt(usager, "{\"nom\":\"Dupont\"}".getBytes(StandardCharsets.UTF_8),
							id.toString().getBytes(StandardCharsets.UTF_8)),
					Timestamp.from(Instant.now()), mandate)
			.update();
		return id;
	}

	private byte[] personalData(UUID id) {
		return bytes("SELECT personal_data FROM usager WHERE id = ?", id);
	}

	private byte[] bytes(String sql, UUID id) {
		return this.jdbc.sql(sql).param(id).query((rs, n) -> rs.getBytes(1)).single();
	}

	private long keyRows(UUID id) {
		return this.jdbc.sql("SELECT count(*) FROM usager_key WHERE usager_id = ?")
			.param(id)
			.query(Long.class)
			.single();
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
