package fr.mandat.usager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.usager.Usagers.Usager;
import org.erdtman.jcs.JsonCanonicalizer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usager's identity is a keyed commitment, and the migration that brings it leaves
 * signed mandates exactly as they were signed (ADR 0030).
 */
@MandatIntegrationTest
class IdentityCommitmentTests {

	@Autowired
	private Usagers usagers;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Environment environment;

	@Test
	void theCommitmentIsKeyedStableAndNotTheUnkeyedDigest() throws Exception {
		String subject = UUID.randomUUID().toString();
		VerifiedIdentity identity = new VerifiedIdentity("https://fc.example/", subject, "Jeanne", "Dupont",
				LocalDate.of(1956, 3, 14), "75056", "99100", "female", "jeanne@example.fr", "eidas1", "id-token");
		Usager first = this.transactions.execute(status -> this.usagers.register(identity));
		Usager again = this.transactions.execute(status -> this.usagers.register(identity));

		assertThat(again.identityCommitment()).isEqualTo(first.identityCommitment());
		assertThat(this.usagers.find(first.id()).orElseThrow().identityCommitment())
			.isEqualTo(first.identityCommitment());
		// Whoever guesses the identity cannot recompute it: it is not the SHA-256 of the
		// canonical identity that version 1 documents carry.
		String canonical = new JsonCanonicalizer("""
				{"given_name":"Jeanne","family_name":"Dupont","birthdate":"1956-03-14","birthplace":"75056",
				 "birthcountry":"99100","gender":"female"}""").getEncodedString();
		String unkeyed = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		assertThat(first.identityCommitment()).isNotEqualTo(unkeyed).doesNotContain(unkeyed).hasSize(43);
		// Another person, another commitment; the e-mail is not part of the identity.
		Usager other = this.transactions.execute(status -> this.usagers
			.register(new VerifiedIdentity("https://fc.example/", UUID.randomUUID().toString(), "Jeanne", "Dupont",
					LocalDate.of(1956, 3, 15), "75056", "99100", "female", "jeanne@example.fr", "eidas1", "id-token")));
		assertThat(other.identityCommitment()).isNotEqualTo(first.identityCommitment());
		Usager otherMail = this.transactions.execute(status -> this.usagers
			.register(new VerifiedIdentity("https://fc.example/", UUID.randomUUID().toString(), "Jeanne", "Dupont",
					LocalDate.of(1956, 3, 14), "75056", "99100", "female", "autre@example.fr", "eidas1", "id-token")));
		assertThat(otherMail.identityCommitment()).isEqualTo(first.identityCommitment());
	}

	@Test
	void theMigrationDropsTheUnkeyedDigestAndLeavesSignedMandatesUntouched() throws Exception {
		String url = this.environment.getRequiredProperty("spring.datasource.url");
		String server = url.substring(0, url.lastIndexOf('/') + 1);
		String scratch = "mandat_v30_" + Long.toHexString(System.nanoTime());
		String owner = this.environment.getRequiredProperty("spring.flyway.user");
		String ownerPassword = this.environment.getRequiredProperty("spring.flyway.password");
		try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "");
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + scratch + " OWNER " + owner);
		}
		try {
			Flyway before = flyway(server + scratch, owner, ownerPassword, "9");
			before.migrate();
			UUID mandate = UUID.randomUUID();
			String document = "{\"type\":\"mandat\",\"version\":1,\"usager\":{\"identityDigest\":\"" + "a".repeat(64)
					+ "\"}}";
			try (Connection connection = DriverManager.getConnection(server + scratch, owner, ownerPassword);
					Statement statement = connection.createStatement()) {
				statement.execute(
						"""
								INSERT INTO structure (id, name, kind, created_at)
								  VALUES ('3c6e0b8a-4b1f-4a8e-9c1d-0000000000aa', 'Essai', 'MAIRIE', now());
								INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at)
								  VALUES ('7d2f9a10-0000-4000-8000-0000000000aa', 's', 'A', 'B', 'a@b.fr', 'HABILITATED', now());
								INSERT INTO usager (id, pseudonym, identity_digest, personal_data, created_at, identified_at)
								  VALUES ('0e0e0e0e-0000-4000-8000-0000000000aa', 'p', '%s', '\\x01', now(), now());
								"""
							.formatted("a".repeat(64)));
				statement.execute(
						"""
								INSERT INTO mandate (id, structure_id, aidant_id, usager_id, duration_days, not_before, not_after,
								  document, jws, digest, attestation, created_at)
								VALUES ('%s', '3c6e0b8a-4b1f-4a8e-9c1d-0000000000aa', '7d2f9a10-0000-4000-8000-0000000000aa',
								  '0e0e0e0e-0000-4000-8000-0000000000aa', 31, now(), now() + interval '31 days',
								  '%s', 'header.payload.signature', '%s', '\\x25504446', now())
								"""
							.formatted(mandate, document, "b".repeat(64)));
			}
			Map<String, Object> signedBefore = mandateRow(server + scratch, owner, ownerPassword, mandate);

			flyway(server + scratch, owner, ownerPassword, "latest").migrate();

			assertThat(mandateRow(server + scratch, owner, ownerPassword, mandate)).isEqualTo(signedBefore);
			assertThat(signedBefore.get("document")).isEqualTo(document);
			try (Connection connection = DriverManager.getConnection(server + scratch, owner, ownerPassword);
					Statement statement = connection.createStatement();
					ResultSet columns = statement.executeQuery(
							"SELECT column_name FROM information_schema.columns WHERE table_name = 'usager'")) {
				java.util.List<String> names = new java.util.ArrayList<>();
				while (columns.next()) {
					names.add(columns.getString(1));
				}
				assertThat(names).contains("pseudonym", "personal_data").doesNotContain("identity_digest");
			}
		}
		finally {
			try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "");
					Statement statement = admin.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
			}
		}
	}

	private static Flyway flyway(String url, String user, String password, String target) {
		return Flyway.configure()
			.dataSource(url, user, password)
			.locations("classpath:db/migration")
			.placeholders(Map.of("app_role", "mandat_app"))
			.target(target)
			.load();
	}

	private static Map<String, Object> mandateRow(String url, String user, String password, UUID id) throws Exception {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement();
				ResultSet row = statement
					.executeQuery("SELECT document, jws, digest, encode(attestation, 'hex') AS attestation, not_after"
							+ " FROM mandate WHERE id = '" + id + "'")) {
			assertThat(row.next()).isTrue();
			return Map.of("document", row.getString("document"), "jws", row.getString("jws"), "digest",
					row.getString("digest"), "attestation", row.getString("attestation"), "notAfter",
					row.getTimestamp("not_after").toInstant());
		}
	}

}
