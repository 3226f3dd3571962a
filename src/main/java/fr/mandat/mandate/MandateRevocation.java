package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

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

	MandateRevocation(MandateStore store, Usagers usagers, SignedAttestations attestations, VerificationLinks links,
			Journal journal, TransactionTemplate transactions, Clock clock) {
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
			return revocationId;
		});
	}

}
