package fr.mandat.structure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.HabilitationRequests.Invited;
import fr.mandat.structure.HabilitationRequests.Request;
import fr.mandat.structure.HabilitationRequests.RequestRow;
import fr.mandat.structure.StaffAccounts.AccountsUnavailableException;
import fr.mandat.structure.StaffMember.StructureRef;

/**
 * Bringing people into Mandat: a responsable requests an aidant's habilitation, the
 * national team approves or refuses it, and approval provisions the Keycloak account.
 * (The national team's own appointments of responsables and auditors are
 * {@link Appointments}, decided here like any request.)
 *
 * <p>
 * Every decision commits with its journal entry and, when an account is needed, a
 * {@link HabilitationApproved} event; the identity provider is then asked to create (or
 * enable) the account and send the invitation ({@link AccountFollowUps}). Until it has,
 * the request shows as {@link HabilitationStatus#PROVISIONING} (« compte en cours de
 * création »); a failure leaves the event's publication incomplete, to be submitted
 * again, and the step finds the account by e-mail rather than creating a second one.
 */
@Service
class Habilitations {

	private static final Logger logger = LoggerFactory.getLogger(Habilitations.class);

	static final int MAX_REASON = 500;

	private final HabilitationRequests requests;

	private final Newcomers newcomers;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final StaffAccounts keycloak;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Habilitations(HabilitationRequests requests, Newcomers newcomers, Journal journal, TransactionTemplate transactions,
			StaffAccounts keycloak, ApplicationEventPublisher events, Clock clock) {
		this.requests = requests;
		this.newcomers = newcomers;
		this.journal = journal;
		this.transactions = transactions;
		this.keycloak = keycloak;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A responsable asks for a new aidant in their structure; the national team decides.
	 * @return the request's id
	 * @throws InvalidPersonException with a French message per field
	 */
	UUID request(StaffMember responsable, StructureRef structure, PersonForm form) {
		Person person = Person.of(form);
		Actor actor = Actor.aidant(responsable.aidantId(), structure.id());
		return this.transactions.execute(status -> {
			UUID aidantId = this.newcomers.add(person, structure.id(), Role.AIDANT);
			UUID requestId = this.requests.insert(aidantId, structure.id(), Role.AIDANT, responsable.aidantId(),
					HabilitationStatus.PENDING);
			this.journal.record(JournalRecord.of(actor, JournalAction.HABILITATION_REQUESTED)
				.withPayload(requestPayload(requestId, aidantId, structure.id(), Role.AIDANT)));
			return requestId;
		});
	}

	/**
	 * Requests awaiting the national team: undecided, or approved with no account yet.
	 */
	List<RequestRow> open() {
		return this.requests.open();
	}

	/** A structure's requests that are open or were refused in the last 90 days. */
	List<RequestRow> ofStructure(UUID structureId) {
		return this.requests.ofStructure(structureId);
	}

	Optional<RequestRow> find(UUID requestId) {
		return this.requests.find(requestId);
	}

	/**
	 * Approves a pending request: journaled with a {@link HabilitationApproved} event
	 * when the person needs an account, which is provisioned once this commits. Four
	 * eyes: the admin who approves is neither the person who asked nor the person the
	 * request is for; such an attempt is refused and journaled, and changes nothing.
	 * @throws SelfGrantException when the admin asked for this request or is its subject
	 */
	void approve(Actor admin, UUID requestId) {
		UUID approver = personOf(admin);
		Outcome outcome = this.transactions.execute(status -> {
			Request request = lockPending(requestId);
			String refusal = fourEyesRefusal(admin, approver, requestId, request);
			if (refusal != null) {
				return new Outcome(refusal);
			}
			Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
					request.role());
			if (this.newcomers.habilitated(request.aidantId())) {
				// A habilitated person appointed to a new role: nothing to provision.
				this.requests.decide(requestId, approver, HabilitationStatus.APPROVED, null);
				this.newcomers.addMembership(request.aidantId(), request.structureId(), request.role(),
						this.clock.instant());
				this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_APPROVED).withPayload(payload));
				this.journal.record(JournalRecord.of(admin, JournalAction.MEMBERSHIP_CHANGED)
					.withPayload(Map.of("aidant", request.aidantId().toString(), "structure",
							request.structureId().toString(), "added", request.role().name())));
				return new Outcome(null);
			}
			this.requests.decide(requestId, approver, HabilitationStatus.PROVISIONING, null);
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_APPROVED).withPayload(payload));
			this.events.publishEvent(new HabilitationApproved(requestId));
			return new Outcome(null);
		});
		if (outcome != null && outcome.refusal() != null) {
			throw new SelfGrantException(outcome.refusal());
		}
	}

	/** Whether the request is approved but its account not created yet. */
	boolean awaitsAccount(UUID requestId) {
		return find(requestId).map(request -> request.status() == HabilitationStatus.PROVISIONING).orElse(false);
	}

	/**
	 * Checks, before asking the admin for a confirmation of identity, that they may
	 * approve this request now (still pending, four eyes); a refusal is journaled as by
	 * {@link #approve}, which checks everything again once confirmed.
	 * @throws SelfGrantException when the admin asked for this request or is its subject
	 */
	void checkApprovable(Actor admin, UUID requestId) {
		UUID approver = personOf(admin);
		Optional<String> refusal = this.transactions.execute(
				status -> Optional.ofNullable(fourEyesRefusal(admin, approver, requestId, lockPending(requestId))));
		if (refusal != null && refusal.isPresent()) {
			throw new SelfGrantException(refusal.get());
		}
	}

	/** Refuses a pending request with a reason the responsable will read. */
	void refuse(Actor admin, UUID requestId, @Nullable String reason) {
		String why = (reason != null) ? reason.strip() : "";
		if (why.isEmpty()) {
			throw new StaffRuleException("motif", "Indiquez le motif du refus.");
		}
		if (why.length() > MAX_REASON) {
			throw new StaffRuleException("motif", "Le motif ne doit pas dépasser " + MAX_REASON + " caractères.");
		}
		this.transactions.executeWithoutResult(status -> {
			Request request = lockPending(requestId);
			this.requests.decide(requestId, personOf(admin), HabilitationStatus.REFUSED, why);
			// The person asked for never had an account: they leave the structure.
			this.newcomers.withdraw(request.aidantId(), request.structureId(), request.role());
			Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
					request.role());
			payload.put("reason", why);
			this.journal.record(JournalRecord.of(admin, JournalAction.HABILITATION_REFUSED).withPayload(payload));
		});
	}

	/**
	 * Creates or enables the Keycloak account of an approved request and sends its
	 * invitation, then records the account. Safe to repeat; does nothing once the account
	 * is recorded. Called by {@link AccountFollowUps} for {@link HabilitationApproved}.
	 * @throws AccountsUnavailableException when the identity provider failed (the caller
	 * retries)
	 */
	void provision(UUID requestId) {
		Invited invited = this.requests.awaitingAccount(requestId).orElse(null);
		if (invited == null) {
			return;
		}
		Person person = invited.person();
		StaffAccounts.Provisioned account = this.keycloak.provision(person.email(), person.givenName(),
				person.familyName(), invited.invitation());
		try {
			this.transactions.executeWithoutResult(status -> {
				Request request = this.requests.lock(requestId);
				if (request.status() != HabilitationStatus.PROVISIONING) {
					return;
				}
				this.newcomers.habilitate(request.aidantId(), account.id());
				this.requests.accountCreated(requestId);
				Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
						request.role());
				payload.put("account", account.id());
				if (account.existed()) {
					// A former account comes back: it was enabled again with its old
					// password and one-time code removed, both to be chosen anew.
					payload.put("reinstated", true);
					payload.put("credentialsRemoved", account.removedCredentials());
					payload.put("requiredActions", account.requiredActions());
				}
				this.journal
					.record(JournalRecord.of(Actor.system(), JournalAction.ACCOUNT_PROVISIONED).withPayload(payload));
			});
		}
		catch (DuplicateKeyException ex) {
			// The Keycloak account holding this e-mail already belongs to another person:
			// leave the request for the national team to sort out.
			logger.warn("Account of habilitation request {} belongs to another person", requestId);
		}
	}

	/** The open request of a person appointed but not yet provisioned, if any. */
	Optional<UUID> pendingAccount(UUID aidantId) {
		return this.requests.awaitingAccountOf(aidantId);
	}

	/**
	 * Locks a request still to decide.
	 * @throws StaffRuleException when it was decided already
	 */
	private Request lockPending(UUID requestId) {
		Request request = this.requests.lock(requestId);
		if (request.status() != HabilitationStatus.PENDING) {
			throw new StaffRuleException(null, "Cette demande a déjà été traitée.");
		}
		return request;
	}

	/**
	 * Four eyes: why the admin may not decide this request (they are its subject, or
	 * asked for it), journaled; null when they may.
	 */
	private @Nullable String fourEyesRefusal(Actor admin, UUID approver, UUID requestId, Request request) {
		String refusal = request.aidantId().equals(approver) ? SelfGrantException.SELF
				: request.requestedBy().equals(approver) ? SelfGrantException.FOUR_EYES : null;
		if (refusal != null) {
			Map<String, Object> payload = requestPayload(requestId, request.aidantId(), request.structureId(),
					request.role());
			payload.put("reason", refusal);
			this.journal.record(JournalRecord.of(admin, JournalAction.ACCESS_DENIED).withPayload(payload));
		}
		return refusal;
	}

	/** The person behind an aidant actor. */
	static UUID personOf(Actor actor) {
		if (actor.id() == null) {
			throw new IllegalArgumentException("Not a person");
		}
		return UUID.fromString(actor.id());
	}

	static Map<String, Object> requestPayload(UUID requestId, UUID aidantId, UUID structureId, Role role) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("request", requestId.toString());
		payload.put("aidant", aidantId.toString());
		payload.put("structure", structureId.toString());
		payload.put("role", role.name());
		return payload;
	}

	/** An approval, or a refusal (with the reason). */
	private record Outcome(@Nullable String refusal) {
	}

}
