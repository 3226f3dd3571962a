package fr.mandat.structure;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

import fr.mandat.structure.StaffAccounts.AccountsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.web.client.HttpStatusCodeException;

/**
 * What the identity provider is told once a decision about a person has committed: an
 * approved habilitation gets its account, a deactivated aidant loses theirs. Each is an
 * application event kept by Spring Modulith's JDBC event publication registry until its
 * listener here succeeds; a failure (the identity provider unreachable or refusing)
 * leaves the publication incomplete, and it is submitted again on a schedule, at
 * start-up, or when an admin or a responsable asks for it. Both steps are safe to repeat.
 * <p>
 * The listeners run asynchronously, right after the commit; a page that reports the
 * outcome first waits, a few seconds at most, for the step to be done or to have failed
 * ({@link #settle}).
 */
@Component
class AccountFollowUps {

	private static final Logger logger = LoggerFactory.getLogger(AccountFollowUps.class);

	private final Habilitations habilitations;

	private final StaffAccounts accounts;

	private final IncompleteEventPublications incomplete;

	private final AccountsProperties properties;

	private final JdbcClient jdbc;

	private final Clock clock;

	AccountFollowUps(Habilitations habilitations, StaffAccounts accounts, IncompleteEventPublications incomplete,
			AccountsProperties properties, JdbcClient jdbc, Clock clock) {
		this.habilitations = habilitations;
		this.accounts = accounts;
		this.incomplete = incomplete;
		this.properties = properties;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Runs right after the approval commits, outside any transaction: the request's own
	 * steps keep their transactions, and the identity provider is not called with a
	 * database connection held.
	 */
	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void provision(HabilitationApproved event) {
		try {
			this.habilitations.provision(event.requestId());
		}
		catch (AccountsUnavailableException ex) {
			// The cause may carry the identity provider's answer, which can name the
			// person: only its status goes to the log and the registry.
			logger.warn("Account of habilitation request {} not provisioned, left to retry: {}", event.requestId(),
					reason(ex));
			throw new AccountStepFailed("Account of habilitation request " + event.requestId() + " not provisioned");
		}
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void close(AidantDeactivated event) {
		// A retry that comes after the person was habilitated again must not close the
		// account they were just given.
		boolean stillDeactivated = this.jdbc.sql("SELECT state = 'DEACTIVATED' FROM aidant WHERE id = ?")
			.param(event.aidantId())
			.query(Boolean.class)
			.optional()
			.orElse(true);
		if (!stillDeactivated) {
			return;
		}
		try {
			this.accounts.disableAndSignOut(event.subject());
		}
		catch (AccountsUnavailableException ex) {
			logger.warn("Account of aidant {} not disabled, left to retry: {}", event.aidantId(), reason(ex));
			throw new AccountStepFailed("Account of aidant " + event.aidantId() + " not disabled");
		}
	}

	/**
	 * Submits again the account steps that failed (whatever instance published them).
	 * Both are idempotent, so two instances retrying the same step do no harm.
	 */
	@Scheduled(fixedDelayString = "${mandat.accounts.retry-interval:PT1M}",
			initialDelayString = "${mandat.accounts.retry-interval:PT1M}")
	void retryFailed() {
		retryOlderThan(this.properties.retryInterval());
	}

	/** Submits again the account steps published at least this long ago and not done. */
	void retryOlderThan(Duration age) {
		retry(publication -> true, age);
	}

	/** Submits again, now, the pending account step of this request, and waits for it. */
	void retryProvisioning(UUID requestId) {
		retry(publication -> publication.getEvent() instanceof HabilitationApproved approved
				&& approved.requestId().equals(requestId), Duration.ZERO);
		settle(HabilitationApproved.class, requestId);
	}

	/**
	 * Submits again, now, the pending account closing of this aidant, and waits for it.
	 */
	void retryClosing(UUID aidantId) {
		retry(publication -> publication.getEvent() instanceof AidantDeactivated deactivated
				&& deactivated.aidantId().equals(aidantId), Duration.ZERO);
		settle(AidantDeactivated.class, aidantId);
	}

	/**
	 * Waits until the account step of this request or aidant is no longer under way
	 * (done, failed, or never published), for {@link AccountsProperties#settleWithin()}
	 * at most, so that the page that follows a decision says whether it is done.
	 */
	void settle(Class<?> event, UUID id) {
		long deadline = System.nanoTime() + this.properties.settleWithin().toNanos();
		while (underWay(event, id) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private boolean underWay(Class<?> event, UUID id) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM event_publication
				  WHERE completion_date IS NULL AND event_type = ? AND serialized_event LIKE ?
				    AND (status IS NULL OR status NOT IN ('FAILED', 'COMPLETED')))
				""").params(event.getName(), "%" + id + "%").query(Boolean.class).single();
	}

	/**
	 * Whether the account of this deactivated aidant is still to be disabled (its
	 * publication incomplete), read from the event publication registry's table.
	 */
	boolean closingPending(UUID aidantId) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM event_publication
				  WHERE completion_date IS NULL AND event_type = ? AND serialized_event LIKE ?)
				""").params(AidantDeactivated.class.getName(), "%" + aidantId + "%").query(Boolean.class).single();
	}

	private void retry(Predicate<EventPublication> which, Duration olderThan) {
		this.incomplete.resubmitIncompletePublications(publication -> which.test(publication)
				&& (publication.getEvent() instanceof HabilitationApproved
						|| publication.getEvent() instanceof AidantDeactivated)
				&& (olderThan.isZero()
						|| !publication.getPublicationDate().isAfter(this.clock.instant().minus(olderThan))));
	}

	/** Why the identity provider failed, without the body of its answer. */
	private static String reason(AccountsUnavailableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof HttpStatusCodeException status) {
			return "HTTP " + status.getStatusCode().value();
		}
		return (cause != null) ? cause.getClass().getSimpleName() : "no token";
	}

	/** Leaves the event publication incomplete, to be submitted again. */
	static class AccountStepFailed extends RuntimeException {

		AccountStepFailed(String message) {
			super(message, null, false, false);
		}

	}

}
