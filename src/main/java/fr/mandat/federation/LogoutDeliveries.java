package fr.mandat.federation;

import java.io.IOException;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.signing.ServiceSignatures;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the logout tokens of the sessions {@link BackchannelLogouts} ended (ADR 0111):
 * each is claimed for a minute (so that two instances do not send it at once), posted,
 * and journaled once the partner has taken it; a partner that does not take it is tried
 * again with a doubling delay, {@link #MAX_ATTEMPTS} times at most. Logs name the partner
 * and the failure, never the usager.
 */
@Component
class LogoutDeliveries {

	private static final Logger logger = LoggerFactory.getLogger(LogoutDeliveries.class);

	/** Tries per logout before giving up (about two hours with the back-off). */
	static final int MAX_ATTEMPTS = 8;

	private static final Duration FIRST_RETRY = Duration.ofSeconds(30);

	/** How long a delivery under way holds its grant against another instance. */
	private static final Duration LEASE = Duration.ofMinutes(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final PartnerSites sites;

	private final Journal journal;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final LogoutTokens tokens;

	LogoutDeliveries(PartnerSites sites, Journal journal, JdbcClient jdbc, TransactionTemplate transactions,
			ServiceSignatures signatures, FederationProperties properties, Clock clock) {
		this.sites = sites;
		this.journal = journal;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.tokens = new LogoutTokens(signatures, properties.issuer(), clock, TIMEOUT);
	}

	/** Sends the logouts due among these grants, now. */
	void deliver(List<String> authorizationIds) {
		if (authorizationIds.isEmpty()) {
			return;
		}
		for (Due due : claim(authorizationIds)) {
			send(due);
		}
	}

	/** Sends again the logouts that failed and are due. */
	@Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
	void retryDue() {
		claim(null).forEach(this::send);
	}

	/**
	 * Takes the logouts due (of these grants, or any), for {@link #LEASE}, so that
	 * another instance does not send them at the same time.
	 */
	private List<Due> claim(@Nullable List<String> authorizationIds) {
		Instant now = this.clock.instant();
		List<Due> due = this.jdbc.sql("""
				UPDATE federation_grant SET logout_next_attempt_at = :lease
				WHERE authorization_id IN (
				  SELECT authorization_id FROM federation_grant
				  WHERE logout_pending AND logout_next_attempt_at <= :now
				    AND (CAST(:ids AS TEXT[]) IS NULL OR authorization_id = ANY(CAST(:ids AS TEXT[])))
				  ORDER BY logout_next_attempt_at LIMIT 100
				  FOR UPDATE SKIP LOCKED)
				RETURNING authorization_id, client_id, mandate_id, aidant_id, structure_id, subject, sid, ended_reason,
				  logout_attempts
				""")
			.param("lease", Timestamp.from(now.plus(LEASE)))
			.param("now", Timestamp.from(now))
			.param("ids", (authorizationIds != null) ? authorizationIds.toArray(String[]::new) : null)
			.query((rs, n) -> new Due(rs.getString("authorization_id"), rs.getString("client_id"),
					rs.getObject("mandate_id", UUID.class), rs.getObject("aidant_id", UUID.class),
					rs.getObject("structure_id", UUID.class), rs.getString("subject"), rs.getString("sid"),
					rs.getString("ended_reason"), rs.getInt("logout_attempts")))
			.list();
		return due;
	}

	private void send(Due due) {
		URI address = logoutAddress(due.clientId());
		if (address == null) {
			settle(due, false);
			return;
		}
		String outcome;
		try {
			int status = this.tokens.deliver(address, this.tokens.token(due.clientId(), due.subject(), due.sid()));
			if (status >= 200 && status < 300) {
				settle(due, true);
				return;
			}
			outcome = "HTTP " + status;
		}
		catch (IOException ex) {
			outcome = ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = "interrupted";
		}
		failed(due, outcome);
	}

	/** The logout was received (or cannot be sent any more): journaled when sent. */
	private void settle(Due due, boolean sent) {
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = false,
					  logout_sent_at = CASE WHEN ? THEN CAST(? AS TIMESTAMPTZ) END
					WHERE authorization_id = ?
					""").params(sent, Timestamp.from(this.clock.instant()), due.authorizationId()).update();
			if (sent) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("partner", due.clientId());
				payload.put("reason", due.reason());
				this.journal.record(new JournalRecord(Actor.system(), JournalAction.PARTNER_SIGNED_OUT, due.mandateId(),
						null, null, payload));
			}
		});
	}

	/**
	 * The partner did not take the logout: tried again later, with a doubling delay,
	 * until {@link #MAX_ATTEMPTS}. The log names the partner and the failure, never the
	 * usager.
	 */
	private void failed(Due due, String outcome) {
		int attempts = due.attempts() + 1;
		if (attempts >= MAX_ATTEMPTS) {
			logger.warn("Back-channel logout to partner {} given up after {} attempts: {}", due.clientId(), attempts,
					outcome);
			this.jdbc.sql("""
					UPDATE federation_grant SET logout_pending = false, logout_attempts = ?
					WHERE authorization_id = ?
					""").params(attempts, due.authorizationId()).update();
			return;
		}
		logger.warn("Back-channel logout to partner {} failed ({}), attempt {} of {}, left to retry", due.clientId(),
				outcome, attempts, MAX_ATTEMPTS);
		Instant next = this.clock.instant().plus(FIRST_RETRY.multipliedBy(1L << (attempts - 1)));
		this.jdbc.sql("""
				UPDATE federation_grant SET logout_attempts = ?, logout_next_attempt_at = ?
				WHERE authorization_id = ?
				""").params(attempts, Timestamp.from(next), due.authorizationId()).update();
	}

	/** Where the site receives logout tokens, if it does. */
	@Nullable URI logoutAddress(String clientId) {
		return this.sites.find(clientId).map(site -> site.settings().backchannelLogoutUri()).orElse(null);
	}

	/** A logout to send: the session the partner holds, as it was told. */
	private record Due(String authorizationId, String clientId, UUID mandateId, UUID aidantId, UUID structureId,
			String subject, @Nullable String sid, String reason, int attempts) {
	}

}
