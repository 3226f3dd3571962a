package fr.mandat.structure;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import fr.mandat.local.LocalInfrastructure;
import fr.mandat.local.LocalMail.Mail;
import fr.mandat.support.MandatIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five-month inactivity warning is e-mailed to the aidant (ADR 0107): once per
 * inactivity period, whatever the runs and instances; again after a new sign-in and a new
 * period; never to an aidant inactive for less or already past deactivation.
 */
@MandatIntegrationTest
class InactivityWarningTests {

	private static final UUID SAINT_AUBIN = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002");

	@Autowired
	private InactivityWarnings warnings;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theWarningArrivesOnceAndNotTwice() throws Exception {
		UUID dozing = aidant("dozing", Duration.ofDays(155));
		UUID awake = aidant("awake", Duration.ofDays(20));
		UUID gone = aidant("gone", Duration.ofDays(190));
		try {
			warnOnceAndNotTwice(dozing, awake, gone);
		}
		finally {
			// Left habilitated, it would be one more aidant for the deactivation job's
			// tests to find.
			this.jdbc.sql("UPDATE aidant SET state = 'DEACTIVATED', state_changed_at = now() WHERE id = ?")
				.param(gone)
				.update();
		}
	}

	private void warnOnceAndNotTwice(UUID dozing, UUID awake, UUID gone) throws Exception {

		// Two instances run the job at the same moment, then it runs again the next day.
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> run = this.warnings::run;
			instances.invokeAll(List.of(run, run));
		}
		finally {
			instances.shutdown();
		}
		Mail mail = Awaitility.await("the warning e-mail")
			.atMost(Duration.ofSeconds(20))
			.until(() -> mailsTo(dozing), mails -> !mails.isEmpty())
			.get(0);
		this.warnings.run();
		awaitNoWarningPending();

		assertThat(mailsTo(dozing)).hasSize(1);
		assertThat(warningRows(dozing)).isOne();
		assertThat(mail.subject()).startsWith("Mandat : votre compte sera désactivé le ");
		assertThat(mail.body()).contains("Bonjour Essai,")
			.contains("Vous ne vous êtes pas connecté(e) à Mandat depuis le ")
			.contains(FrenchDates.date(signIn(dozing).plus(Duration.ofDays(183))))
			.contains("http://localhost:");
		assertThat(mailsTo(awake)).isEmpty();
		assertThat(mailsTo(gone)).as("past deactivation: the deactivation job's business").isEmpty();
		assertThat(warningRows(awake) + warningRows(gone)).isZero();
	}

	@Test
	void aNewInactivityPeriodIsWarnedAgain() {
		UUID aidant = aidant("twice", Duration.ofDays(151));
		this.warnings.run();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(aidant).size() == 1);

		// They sign in, then stay away five months again.
		this.jdbc.sql("UPDATE aidant SET last_sign_in_at = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofDays(152)).truncatedTo(ChronoUnit.MILLIS)), aidant)
			.update();
		this.warnings.run();

		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(aidant).size() == 2);
		assertThat(warningRows(aidant)).isEqualTo(2);
	}

	private UUID aidant(String name, Duration since) {
		UUID id = UUID.randomUUID();
		Timestamp at = Timestamp.from(Instant.now().minus(since).truncatedTo(ChronoUnit.MILLIS));
		this.jdbc.sql("""
				INSERT INTO aidant (id, subject, given_name, family_name, email, state, created_at, last_sign_in_at)
				VALUES (?, ?, 'Essai', 'Inactif', ?, 'HABILITATED', ?, ?)
				""").params(id, UUID.randomUUID().toString(), email(id), at, at).update();
		this.jdbc.sql("INSERT INTO membership (aidant_id, structure_id, role, since) VALUES (?, ?, 'AIDANT', ?)")
			.params(id, SAINT_AUBIN, at)
			.update();
		return id;
	}

	private static String email(UUID aidant) {
		return aidant + "@example.fr";
	}

	private Instant signIn(UUID aidant) {
		return this.jdbc.sql("SELECT last_sign_in_at FROM aidant WHERE id = ?")
			.param(aidant)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	private static List<Mail> mailsTo(UUID aidant) {
		return LocalInfrastructure.get()
			.mail()
			.messages()
			.stream()
			.filter(m -> m.to().contains(email(aidant)))
			.toList();
	}

	private long warningRows(UUID aidant) {
		return this.jdbc.sql("SELECT count(*) FROM aidant_inactivity_warning WHERE aidant_id = ?")
			.param(aidant)
			.query(Long.class)
			.single();
	}

	/** Every warning's e-mail went out (none left in the event publication registry). */
	private void awaitNoWarningPending() {
		Awaitility.await("no warning left to send").atMost(Duration.ofSeconds(20)).until(() -> this.jdbc.sql("""
				SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND event_type = ?
				""").param(AidantInactivityWarned.class.getName()).query(Long.class).single() == 0);
	}

}
