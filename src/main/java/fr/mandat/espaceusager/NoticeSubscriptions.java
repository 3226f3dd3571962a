package fr.mandat.espaceusager;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.usager.UsagerDataErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The usagers who chose to receive their notices by e-mail, and up to when they have been
 * told. The address is encrypted (bound to the pseudonym) and removed with the usager's
 * other data when the retention rule erases it.
 */
@Component
class NoticeSubscriptions {

	private static final String CONTEXT = "usager-notice-email:";

	private final JdbcClient jdbc;

	private final PersonalDataProtection protection;

	private final Clock clock;

	NoticeSubscriptions(JdbcClient jdbc, PersonalDataProtection protection, Clock clock) {
		this.jdbc = jdbc;
		this.protection = protection;
		this.clock = clock;
	}

	/**
	 * Subscribes (or changes the address); notices from now on are sent, not the past
	 * ones, which the notices page shows.
	 */
	void subscribe(String pseudonym, String email) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("""
				INSERT INTO usager_notice_subscription (pseudonym, email, subscribed_at, notified_until)
				VALUES (:pseudonym, :email, :now, :now)
				ON CONFLICT (pseudonym) DO UPDATE SET email = EXCLUDED.email
				""").param("pseudonym", pseudonym).param("email", encrypt(pseudonym, email)).param("now", now).update();
	}

	void unsubscribe(String pseudonym) {
		this.jdbc.sql("DELETE FROM usager_notice_subscription WHERE pseudonym = ?").param(pseudonym).update();
	}

	Optional<String> email(String pseudonym) {
		return this.jdbc.sql("SELECT email FROM usager_notice_subscription WHERE pseudonym = ?")
			.param(pseudonym)
			.query(byte[].class)
			.optional()
			.map(email -> decrypt(pseudonym, email));
	}

	/**
	 * Subscriptions not told about anything since {@code before}, locked for this
	 * transaction; those another instance holds are skipped.
	 */
	List<Due> lockDue(Instant before, int limit) {
		return this.jdbc.sql("""
				SELECT pseudonym, email, notified_until FROM usager_notice_subscription
				WHERE notified_until < :before ORDER BY notified_until LIMIT :limit
				FOR UPDATE SKIP LOCKED
				""")
			.param("before", Timestamp.from(before))
			.param("limit", limit)
			.query((rs, row) -> new Due(rs.getString("pseudonym"),
					decrypt(rs.getString("pseudonym"), rs.getBytes("email")),
					rs.getTimestamp("notified_until").toInstant()))
			.list();
	}

	void notifiedUntil(String pseudonym, Instant until) {
		this.jdbc.sql("UPDATE usager_notice_subscription SET notified_until = ? WHERE pseudonym = ?")
			.params(Timestamp.from(until), pseudonym)
			.update();
	}

	/** The address goes with the rest of the usager's data (ADR 0106). */
	@EventListener
	void on(UsagerDataErased erased) {
		unsubscribe(erased.pseudonym());
	}

	private byte[] encrypt(String pseudonym, String email) {
		return this.protection.encrypt(email.getBytes(StandardCharsets.UTF_8),
				(CONTEXT + pseudonym).getBytes(StandardCharsets.UTF_8));
	}

	private String decrypt(String pseudonym, byte[] email) {
		return new String(this.protection.decrypt(email, (CONTEXT + pseudonym).getBytes(StandardCharsets.UTF_8)),
				StandardCharsets.UTF_8);
	}

	record Due(String pseudonym, String email, Instant notifiedUntil) {

		@Override
		public String toString() {
			return "Due[notifiedUntil=" + this.notifiedUntil + "]";
		}

	}

}
