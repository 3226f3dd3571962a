package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.UsagerMandates.Revoked;
import fr.mandat.mandate.UsagerMandates.SelfRevocation;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffNames;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revoking a mandate, whole or some of its categories, under the mandate's row lock so
 * that an action under it waits or is refused (see {@link MandateStore#lockForAction}).
 * The revocation commits together with its journal entry and its signed attestation.
 */
@Service
class MandateRevocation {

	private final MandateStore store;

	private final Usagers usagers;

	private final SignedAttestations attestations;

	private final VerificationLinks links;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final StaffNames names;

	private final ApplicationEventPublisher events;

	MandateRevocation(MandateStore store, Usagers usagers, SignedAttestations attestations, VerificationLinks links,
			Journal journal, TransactionTemplate transactions, Clock clock, StaffNames names,
			ApplicationEventPublisher events) {
		this.names = names;
		this.events = events;
		this.store = store;
		this.usagers = usagers;
		this.attestations = attestations;
		this.links = links;
		this.journal = journal;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Revokes the given categories of a mandate (all of them when {@code categories} is
	 * empty) and signs a revocation attestation.
	 */
	UUID revoke(UUID mandateId, List<String> categoryCodes, StaffMember aidant, StructureRef structure,
			URI requestBase) {
		Actor actor = Actor.aidant(aidant.aidantId(), structure.id());
		return this.transactions.execute(status -> {
			Mandate mandate = this.store.lock(mandateId).orElseThrow(() -> new MandateNotFoundException(mandateId));
			if (!mandate.structureId().equals(structure.id())) {
				throw new ForeignMandateException(mandateId, mandate.structureId());
			}
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
			List<DemarcheCategory> revoked = mandate.revocable(now, categoryCodes);
			UsagerIdentity usager = this.usagers.find(mandate.usagerId()).orElseThrow();
			UUID revocationId = UUID.randomUUID();
			byte[] attestation = this.attestations.sign(
					AttestationContent.ofRevocation(mandate, revoked, structure, aidant, usager, now,
							this.links.of(requestBase, mandateId, mandate.digest()).toString()),
					"Attestation de révocation du mandat " + mandateId);
			this.store.revokeAutorisations(mandateId, revoked, now, aidant.aidantId(), null);
			this.store.insertRevocation(revocationId, mandateId, revoked, now, aidant.aidantId(), attestation);
			this.journal.record(new JournalRecord(actor,
					mandate.revokesWhole(revoked) ? JournalAction.MANDATE_REVOKED : JournalAction.AUTORISATION_REVOKED,
					mandateId, usager.pseudonym(), null, Map.of("categories", MandateCreation.codes(revoked), "digest",
							mandate.digest(), "revocation", revocationId.toString())));
			published(mandate, revoked);
			return revocationId;
		});
	}

	/**
	 * The usager revokes some categories of their own mandate (all when
	 * {@code categoryCodes} is empty), under the same lock as a revocation at the
	 * counter; the caller has checked that the mandate is the usager's. The same
	 * {@code requestKey} sent again (a reload, a double click) returns the revocation it
	 * made.
	 * @throws MandateRefusal when the mandate is no longer active or a category is not
	 * covered
	 */
	SelfRevocation revokeByUsager(UUID mandateId, List<String> categoryCodes, String usagerPseudonym, UUID requestKey,
			URI requestBase) {
		Actor actor = Actor.usager(usagerPseudonym);
		SelfRevocation outcome = this.transactions.execute(status -> {
			Mandate mandate = this.store.lock(mandateId).orElseThrow(() -> new MandateNotFoundException(mandateId));
			Optional<UUID> made = this.store.revocationByKey(requestKey);
			if (made.isPresent()) {
				return new Revoked(made.get(), mandateId, true);
			}
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
			List<DemarcheCategory> revoked = mandate.revocable(now, categoryCodes);
			UsagerIdentity usager = this.usagers.find(mandate.usagerId()).orElseThrow();
			UUID revocationId = UUID.randomUUID();
			byte[] attestation = this.attestations.sign(
					AttestationContent.ofUsagerRevocation(mandate, revoked,
							name(this.names.structures(), mandate.structureId()),
							name(this.names.aidants(), mandate.aidantId()), usager, now,
							this.links.of(requestBase, mandateId, mandate.digest()).toString()),
					"Attestation de révocation du mandat " + mandateId);
			this.store.revokeAutorisations(mandateId, revoked, now, null, null);
			this.store.insertUsagerRevocation(revocationId, mandateId, revoked, now, usagerPseudonym, requestKey,
					attestation);
			this.journal.record(new JournalRecord(actor,
					mandate.revokesWhole(revoked) ? JournalAction.MANDATE_REVOKED : JournalAction.AUTORISATION_REVOKED,
					mandateId, usagerPseudonym, null, Map.of("categories", MandateCreation.codes(revoked), "digest",
							mandate.digest(), "revocation", revocationId.toString(), "byUsager", true)));
			published(mandate, revoked);
			return new Revoked(revocationId, mandateId, false);
		});
		if (outcome == null) {
			throw new IllegalStateException("No revocation outcome");
		}
		return outcome;
	}

	/**
	 * Tells the other modules, inside the revoking transaction (the event publication
	 * registry keeps the event if and only if the revocation commits).
	 */
	private void published(Mandate mandate, List<DemarcheCategory> revoked) {
		List<String> codes = MandateCreation.codes(revoked);
		this.events
			.publishEvent(mandate.revokesWhole(revoked) ? new MandateRevoked(mandate.id(), mandate.structureId(), codes)
					: new AutorisationsRevoked(mandate.id(), mandate.structureId(), codes, null));
	}

	private static String name(List<StaffNames.Named> named, UUID id) {
		return named.stream().filter(n -> n.id().equals(id)).map(StaffNames.Named::name).findFirst().orElse("—");
	}

}
