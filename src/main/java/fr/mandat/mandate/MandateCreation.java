package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffMember;
import fr.mandat.structure.StaffMember.StructureRef;
import fr.mandat.structure.StructureCategories;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.Usager;
import fr.mandat.usager.Usagers.UsagerIdentity;
import fr.mandat.usager.VerifiedIdentity;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating a mandate (or the renewal a {@link MandateRenewal} draft describes): the
 * draft, the usager's identification, signing. Every change commits together with its
 * journal entry, and nothing is written until the signed mandate and its signed
 * attestation are ready.
 */
@Service
class MandateCreation {

	private final MandateStore store;

	private final Usagers usagers;

	private final StructureCategories structureCategories;

	private final ServiceSignatures signatures;

	private final SignedAttestations attestations;

	private final VerificationLinks links;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final MandateProperties properties;

	private final UsagerNameIndex nameIndex;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	MandateCreation(MandateStore store, Usagers usagers, StructureCategories structureCategories,
			ServiceSignatures signatures, SignedAttestations attestations, VerificationLinks links, Journal journal,
			TransactionTemplate transactions, JsonMapper json, MandateProperties properties, UsagerNameIndex nameIndex,
			Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.store = store;
		this.usagers = usagers;
		this.structureCategories = structureCategories;
		this.signatures = signatures;
		this.attestations = attestations;
		this.links = links;
		this.journal = journal;
		this.transactions = transactions;
		this.json = json;
		this.properties = properties;
		this.nameIndex = nameIndex;
		this.clock = clock;
	}

	Set<DemarcheCategory> allowedCategories(StructureRef structure) {
		return this.structureCategories.allowed(structure.id());
	}

	/** A new draft, after checking the chosen categories and duration. */
	MandateDraft startDraft(StaffMember aidant, StructureRef structure, List<String> categoryCodes,
			@Nullable Integer durationDays) {
		List<MandateRefusal> refusals = new ArrayList<>();
		List<DemarcheCategory> categories = List.of();
		MandateDuration duration = null;
		try {
			categories = checkCategories(structure, categoryCodes);
		}
		catch (MandateRefusal refusal) {
			refusals.add(refusal);
		}
		try {
			duration = MandateDuration.chosen(durationDays);
		}
		catch (MandateRefusal refusal) {
			refusals.add(refusal);
		}
		if (!refusals.isEmpty() || duration == null) {
			throw MandateRefusal.together(refusals);
		}
		return new MandateDraft(UUID.randomUUID(), aidant.aidantId(), structure.id(), categories, duration.days(),
				this.clock.instant().plus(this.properties.draftTtl()), null);
	}

	/** Refuses a draft that is not this aidant's in this structure, or has expired. */
	void checkDraft(MandateDraft draft, StaffMember aidant, StructureRef structure) {
		if (!draft.aidantId().equals(aidant.aidantId()) || !draft.structureId().equals(structure.id())) {
			throw MandateRefusal.of(Reason.FOREIGN_DRAFT);
		}
		if (draft.isExpired(this.clock.instant())) {
			throw MandateRefusal.of(Reason.DRAFT_EXPIRED);
		}
	}

	/** Records the usager's identification and attaches it to the draft. */
	Usager identified(MandateDraft draft, VerifiedIdentity identity, Actor actor) {
		Usager usager = this.transactions.execute(status -> {
			Usager registered = this.usagers.register(identity);
			this.journal.record(new JournalRecord(actor, JournalAction.USAGER_IDENTIFIED, null, registered.pseudonym(),
					null, Map.of("acr", identity.acr(), "draft", draft.id().toString(), "identityCommitment",
							registered.identityCommitment())));
			return registered;
		});
		draft.usagerIdentified(usager.id(), identity.acr());
		return usager;
	}

	void identificationRefused(MandateDraft draft, String reason, Actor actor) {
		this.transactions.executeWithoutResult(
				status -> this.journal.record(JournalRecord.of(actor, JournalAction.USAGER_IDENTIFICATION_REFUSED)
					.withPayload(Map.of("reason", reason, "draft", draft.id().toString()))));
	}

	/**
	 * Signs the mandate the draft describes. The caller has checked the step-up; its
	 * authentication time goes into the consent evidence.
	 */
	Mandate create(MandateDraft draft, StaffMember aidant, StructureRef structure, Instant stepUpAt, URI requestBase) {
		checkDraft(draft, aidant, structure);
		UUID usagerId = draft.usagerId();
		String acr = draft.usagerAcr();
		if (usagerId == null || acr == null) {
			throw MandateRefusal.of(Reason.USAGER_NOT_IDENTIFIED);
		}
		Instant consentAt = draft.consentConfirmedAt();
		if (consentAt == null) {
			throw MandateRefusal.of(Reason.NO_CONSENT);
		}
		List<DemarcheCategory> categories = checkCategories(structure,
				draft.categories().stream().map(DemarcheCategory::code).toList());
		MandateDuration duration = MandateDuration.chosen(draft.durationDays());
		UsagerIdentity usager = this.usagers.find(usagerId)
			.orElseThrow(() -> MandateRefusal.of(Reason.USAGER_NOT_IDENTIFIED));

		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		MandateTerms terms = MandateTerms.of(draft, aidant, structure, usager, acr, categories, duration, now);
		Map<String, Object> evidence = consentEvidence(draft, aidant, consentAt, stepUpAt);
		MandateDocument document = MandateDocument.of(this.json, terms,
				Digests.sha256Hex(Digests.canonical(this.json.writeValueAsString(evidence))));
		String jws = this.signatures.signJws(document.canonical(), MandateDocument.JWS_TYPE);
		byte[] attestation = this.attestations.sign(
				AttestationContent.ofMandate(terms,
						this.links.of(requestBase, terms.id(), document.digest()).toString(), document.digest()),
				"Attestation de mandat " + terms.id());
		Mandate mandate = Mandate.signed(terms, jws, document.digest());
		List<String> nameIndex = this.nameIndex.ofName(usager.displayName());
		Actor actor = Actor.aidant(aidant.aidantId(), structure.id());

		this.transactions.executeWithoutResult(status -> {
			List<Mandate> current = this.store.lockCurrent(usagerId, structure.id(), now);
			this.store.insert(mandate, usager.pseudonym(), nameIndex, document.text(), attestation);
			for (Mandate previous : current) {
				List<DemarcheCategory> replaced = previous.replacedBy(categories);
				if (!replaced.isEmpty()) {
					this.store.revokeAutorisations(previous.id(), replaced, now, aidant.aidantId(), mandate.id());
					this.journal.record(new JournalRecord(actor, JournalAction.AUTORISATION_REVOKED, previous.id(),
							usager.pseudonym(), null, Map.of("categories", codes(replaced), "replacedBy",
									mandate.id().toString(), "digest", previous.digest())));
					this.events.publishEvent(new AutorisationsRevoked(previous.id(), previous.structureId(),
							codes(replaced), mandate.id()));
				}
			}
			this.journal.record(new JournalRecord(actor,
					(terms.renews() != null) ? JournalAction.MANDATE_RENEWED : JournalAction.MANDATE_CREATED,
					mandate.id(), usager.pseudonym(), null, createdPayload(terms, document.digest(), evidence)));
		});
		return mandate;
	}

	/**
	 * What proves the usager's consent: whose, when, after which step-up, which wording.
	 */
	private static Map<String, Object> consentEvidence(MandateDraft draft, StaffMember aidant, Instant consentAt,
			Instant stepUpAt) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("draft", draft.id().toString());
		evidence.put("aidant", aidant.aidantId().toString());
		evidence.put("consentConfirmedAt", consentAt.truncatedTo(ChronoUnit.SECONDS).toString());
		evidence.put("stepUpAuthenticatedAt", stepUpAt.toString());
		evidence.put("wording", ConsentWording.digest());
		return evidence;
	}

	/** The journal entry's details for a created or renewed mandate. */
	private static Map<String, Object> createdPayload(MandateTerms terms, String digest, Map<String, Object> evidence) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("digest", digest);
		payload.put("categories", terms.categoryCodes());
		payload.put("notBefore", terms.notBefore().toString());
		payload.put("notAfter", terms.notAfter().toString());
		payload.put("acr", terms.acr());
		payload.put("consentEvidence", evidence);
		if (terms.renews() != null) {
			payload.put("renews", String.valueOf(terms.renews()));
		}
		return payload;
	}

	private List<DemarcheCategory> checkCategories(StructureRef structure, List<String> codes) {
		if (codes.isEmpty()) {
			throw MandateRefusal.of(Reason.NO_CATEGORY);
		}
		Set<DemarcheCategory> allowed = allowedCategories(structure);
		Set<DemarcheCategory> chosen = EnumSet.noneOf(DemarcheCategory.class);
		for (String code : codes) {
			DemarcheCategory category = DemarcheCategory.fromCode(code)
				.filter(allowed::contains)
				.orElseThrow(() -> MandateRefusal.of(Reason.CATEGORY_NOT_OFFERED));
			chosen.add(category);
		}
		return List.copyOf(chosen);
	}

	static List<String> codes(List<DemarcheCategory> categories) {
		return categories.stream().map(DemarcheCategory::code).toList();
	}

}
