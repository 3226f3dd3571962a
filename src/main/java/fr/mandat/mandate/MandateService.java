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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import fr.mandat.structure.FrenchDates;
import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.mandate.AttestationContent.Kind;
import fr.mandat.mandate.Mandate.Autorisation;
import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.signing.PdfSigner;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The mandate lifecycle: drafts, identification, signing, revocation and renewal. Every
 * change commits together with its journal entry, and nothing is written until the signed
 * mandate and its signed attestation are ready.
 */
@Service
class MandateService {

	private final MandateStore store;

	private final Usagers usagers;

	private final StructureCategories structureCategories;

	private final ServiceSignatures signatures;

	private final PdfSigner pdfSigner;

	private final AttestationRenderer renderer;

	private final Journal journal;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final MandateProperties properties;

	private final Clock clock;

	MandateService(MandateStore store, Usagers usagers, StructureCategories structureCategories,
			ServiceSignatures signatures, PdfSigner pdfSigner, AttestationRenderer renderer, Journal journal,
			TransactionTemplate transactions, JsonMapper json, MandateProperties properties, Clock clock) {
		this.store = store;
		this.usagers = usagers;
		this.structureCategories = structureCategories;
		this.signatures = signatures;
		this.pdfSigner = pdfSigner;
		this.renderer = renderer;
		this.journal = journal;
		this.transactions = transactions;
		this.json = json;
		this.properties = properties;
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
			duration = checkDuration(durationDays);
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

	/** A draft renewing a mandate: same usager and categories, no new identification. */
	MandateDraft renewalDraft(StaffMember aidant, StructureRef structure, UUID mandateId,
			@Nullable Integer durationDays) {
		Mandate mandate = visible(mandateId, structure);
		Instant now = this.clock.instant();
		List<DemarcheCategory> categories = mandate.renewable(now, this.store.renewals(mandateId),
				this.properties.maxRenewalsWithoutIdentification(), allowedCategories(structure));
		MandateDuration duration = checkDuration(durationDays);
		MandateDraft draft = new MandateDraft(UUID.randomUUID(), aidant.aidantId(), structure.id(), categories,
				duration.days(), now.plus(this.properties.draftTtl()), mandate.id());
		String acr = this.store.document(mandateId)
			.map(document -> this.json.readTree(document).path("usager").path("acr").asString())
			.orElse("");
		draft.usagerIdentified(mandate.usagerId(), acr);
		return draft;
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

	Optional<UsagerIdentity> usager(UUID usagerId) {
		return this.usagers.find(usagerId);
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
		MandateDuration duration = checkDuration(draft.durationDays());
		UsagerIdentity usager = this.usagers.find(usagerId)
			.orElseThrow(() -> MandateRefusal.of(Reason.USAGER_NOT_IDENTIFIED));

		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		UUID id = UUID.randomUUID();
		Instant notAfter = now.plus(duration.duration());
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("draft", draft.id().toString());
		evidence.put("aidant", aidant.aidantId().toString());
		evidence.put("consentConfirmedAt", consentAt.truncatedTo(ChronoUnit.SECONDS).toString());
		evidence.put("stepUpAuthenticatedAt", stepUpAt.toString());
		evidence.put("wording", ConsentWording.digest());
		String evidenceDigest = Digests.sha256Hex(Digests.canonical(this.json.writeValueAsString(evidence)));
		MandateDocument document = MandateDocument.of(this.json,
				new MandateDocument.Content(id, now, structure.id(), structure.name(), aidant.aidantId(),
						usager.pseudonym(), usager.identityCommitment(), acr, categories, now, notAfter, evidenceDigest,
						draft.renews()));
		String jws = this.signatures.signJws(document.canonical(), MandateDocument.JWS_TYPE);
		byte[] attestation = this.pdfSigner.sign(this.renderer.render(new AttestationContent(Kind.MANDATE, id,
				draft.renews(), structure.name(), aidant.displayName(), usager.displayName(), usager.birthdate(),
				categories.stream().map(DemarcheCategory::label).toList(), now, notAfter, null, FrenchDates.ZONE,
				verificationUrl(requestBase, id, document.digest()).toString(), document.digest(), now, usager.born())),
				"Attestation de mandat " + id);
		Mandate mandate = new Mandate(id, structure.id(), aidant.aidantId(), usagerId, duration.days(), now, notAfter,
				draft.renews(), jws, document.digest(), now, null,
				categories.stream().map(c -> new Autorisation(UUID.randomUUID(), c, null, null)).toList());
		Actor actor = Actor.aidant(aidant.aidantId(), structure.id());

		this.transactions.executeWithoutResult(status -> {
			List<Mandate> current = this.store.lockCurrent(usagerId, structure.id(), now);
			this.store.insert(mandate, usager.pseudonym(), document.text(), attestation);
			for (Mandate previous : current) {
				List<DemarcheCategory> replaced = previous.replacedBy(categories);
				if (!replaced.isEmpty()) {
					this.store.revokeAutorisations(previous.id(), replaced, now, aidant.aidantId(), id);
					this.journal.record(new JournalRecord(actor, JournalAction.AUTORISATION_REVOKED, previous.id(),
							usager.pseudonym(), null, Map.of("categories", codes(replaced), "replacedBy", id.toString(),
									"digest", previous.digest())));
				}
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("digest", document.digest());
			payload.put("categories", codes(categories));
			payload.put("notBefore", now.toString());
			payload.put("notAfter", notAfter.toString());
			payload.put("acr", acr);
			payload.put("consentEvidence", evidence);
			if (draft.renews() != null) {
				payload.put("renews", String.valueOf(draft.renews()));
			}
			this.journal.record(new JournalRecord(actor,
					(draft.renews() != null) ? JournalAction.MANDATE_RENEWED : JournalAction.MANDATE_CREATED, id,
					usager.pseudonym(), null, payload));
		});
		return mandate;
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
			byte[] attestation = this.pdfSigner
				.sign(this.renderer.render(new AttestationContent(Kind.REVOCATION, mandateId, mandate.renews(),
						structure.name(), aidant.displayName(), usager.displayName(), usager.birthdate(),
						revoked.stream().map(DemarcheCategory::label).toList(), mandate.notBefore(), mandate.notAfter(),
						now, FrenchDates.ZONE, verificationUrl(requestBase, mandateId, mandate.digest()).toString(),
						mandate.digest(), now, usager.born())), "Attestation de révocation du mandat " + mandateId);
			this.store.revokeAutorisations(mandateId, revoked, now, aidant.aidantId(), null);
			this.store.insertRevocation(revocationId, mandateId, revoked, now, aidant.aidantId(), attestation);
			boolean whole = mandate.revokesWhole(revoked);
			this.journal.record(
					new JournalRecord(actor, whole ? JournalAction.MANDATE_REVOKED : JournalAction.AUTORISATION_REVOKED,
							mandateId, usager.pseudonym(), null, Map.of("categories", codes(revoked), "digest",
									mandate.digest(), "revocation", revocationId.toString())));
			return revocationId;
		});
	}

	/** A mandate of the aidant's current structure. */
	Mandate visible(UUID mandateId, StructureRef structure) {
		Mandate mandate = this.store.find(mandateId).orElseThrow(() -> new MandateNotFoundException(mandateId));
		if (!mandate.structureId().equals(structure.id())) {
			throw new ForeignMandateException(mandateId, mandate.structureId());
		}
		return mandate;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** The verification page's address for a mandate, as printed in the QR code. */
	URI verificationUrl(URI requestBase, UUID mandateId, String digest) {
		URI base = (this.properties.publicUrl() != null) ? this.properties.publicUrl() : requestBase;
		return UriComponentsBuilder.fromUri(base)
			.path("/verifier/{id}")
			.queryParam("empreinte", digest)
			.buildAndExpand(mandateId)
			.toUri();
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

	private static MandateDuration checkDuration(@Nullable Integer days) {
		if (days == null) {
			throw MandateRefusal.of(Reason.NO_DURATION);
		}
		return MandateDuration.ofDays(days).orElseThrow(() -> MandateRefusal.of(Reason.DURATION_NOT_OFFERED));
	}

	private static List<String> codes(List<DemarcheCategory> categories) {
		return categories.stream().map(DemarcheCategory::code).toList();
	}

}
