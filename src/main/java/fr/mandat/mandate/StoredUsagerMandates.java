package fr.mandat.mandate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffNames;

import org.springframework.stereotype.Service;

@Service
class StoredUsagerMandates implements UsagerMandates {

	private final MandateStore store;

	private final MandateRevocation revocation;

	private final Clock clock;

	private final StaffNames names;

	StoredUsagerMandates(MandateStore store, MandateRevocation revocation, Clock clock, StaffNames names) {
		this.names = names;
		this.store = store;
		this.revocation = revocation;
		this.clock = clock;
	}

	@Override
	public List<UsagerMandate> of(String usagerPseudonym) {
		Instant now = this.clock.instant();
		Names names = names();
		return this.store.ofUsager(usagerPseudonym).stream().map(m -> view(m, now, names)).toList();
	}

	@Override
	public Optional<UsagerMandate> find(UUID mandateId, String usagerPseudonym) {
		if (!isTheirs(mandateId, usagerPseudonym)) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.store.find(mandateId).map(m -> view(m, now, names()));
	}

	@Override
	public Optional<byte[]> attestation(UUID mandateId, String usagerPseudonym) {
		return isTheirs(mandateId, usagerPseudonym) ? this.store.attestation(mandateId) : Optional.empty();
	}

	@Override
	public Optional<byte[]> revocationAttestation(UUID revocationId, String usagerPseudonym) {
		return this.store.revocationAttestationOfUsager(revocationId, usagerPseudonym);
	}

	@Override
	public SelfRevocation revoke(UUID mandateId, List<String> categoryCodes, String usagerPseudonym, UUID requestKey,
			URI requestBase) {
		if (!isTheirs(mandateId, usagerPseudonym)) {
			return new NotFound();
		}
		try {
			return this.revocation.revokeByUsager(mandateId, categoryCodes, usagerPseudonym, requestKey, requestBase);
		}
		catch (MandateRefusal refusal) {
			return new Refused(refusal.getMessage());
		}
	}

	private boolean isTheirs(UUID mandateId, String usagerPseudonym) {
		return this.store.usagerPseudonym(mandateId).filter(usagerPseudonym::equals).isPresent();
	}

	private Names names() {
		Map<UUID, String> structures = new HashMap<>();
		this.names.structures().forEach(n -> structures.put(n.id(), n.name()));
		Map<UUID, String> aidants = new HashMap<>();
		this.names.aidants().forEach(n -> aidants.put(n.id(), n.name()));
		return new Names(structures, aidants);
	}

	private record Names(Map<UUID, String> structures, Map<UUID, String> aidants) {
	}

	private UsagerMandate view(Mandate mandate, Instant now, Names names) {
		MandateStatus status = mandate.status(now);
		List<Category> categories = mandate.autorisations()
			.stream()
			.map(a -> new Category(a.category().code(), a.category().label(), a.revokedAt(), a.replacedByMandateId()))
			.toList();
		List<RevocationMade> revocations = this.store.revocations(mandate.id())
			.stream()
			.map(r -> new RevocationMade(r.id(), r.categories().stream().map(StoredUsagerMandates::category).toList(),
					r.revokedAt(), r.byUsager()))
			.toList();
		return new UsagerMandate(mandate.id(), mandate.structureId(),
				names.structures().getOrDefault(mandate.structureId(), "—"), mandate.aidantId(),
				names.aidants().getOrDefault(mandate.aidantId(), "—"), status.name(), status.label(), status.isActive(),
				mandate.createdAt(), mandate.notBefore(), mandate.notAfter(), mandate.revokedAt(), mandate.renews(),
				mandate.digest(), categories, revocations);
	}

	private static Category category(DemarcheCategory category) {
		return new Category(category.code(), category.label(), null, null);
	}

}
