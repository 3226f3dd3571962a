package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.usager.UsagerDataKeys;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.stereotype.Service;

/** {@link MandateSummaries} from the mandate tables and the usager's decrypted name. */
@Service
class StoredMandateSummaries implements MandateSummaries {

	/** How many of a structure's active mandates are read to choose from. */
	private static final int MAX_ACTIVE = 2000;

	private final MandateStore store;

	private final Usagers usagers;

	private final UsagerDataKeys dataKeys;

	private final Clock clock;

	StoredMandateSummaries(MandateStore store, Usagers usagers, UsagerDataKeys dataKeys, Clock clock) {
		this.store = store;
		this.usagers = usagers;
		this.dataKeys = dataKeys;
		this.clock = clock;
	}

	@Override
	public Lookup find(UUID mandateId, UUID structureId) {
		Optional<Mandate> found = this.store.find(mandateId);
		if (found.isEmpty()) {
			return new Unknown(mandateId);
		}
		Mandate mandate = found.get();
		if (!mandate.structureId().equals(structureId)) {
			return new OtherStructure(mandateId, mandate.structureId());
		}
		boolean active = mandate.status(this.clock.instant()).isActive();
		return new Summary(mandateId, name(mandate), active, active ? mandate.activeCategories() : List.of());
	}

	@Override
	public List<Summary> activeCovering(UUID structureId, Set<DemarcheCategory> categories, int limit) {
		Instant now = this.clock.instant();
		// Active mandates of a structure are few (one per usager it serves): filtered
		// here.
		return this.store.list(structureId, StatusFilter.ACTIVE, List.of(), now, 0, MAX_ACTIVE)
			.mandates()
			.stream()
			.filter(mandate -> mandate.isActiveAt(now))
			.map(mandate -> new Summary(mandate.id(), name(mandate), true,
					mandate.activeCategories().stream().filter(categories::contains).toList()))
			.filter(summary -> !summary.coveredNow().isEmpty())
			.limit(limit)
			.toList();
	}

	private String name(Mandate mandate) {
		return this.usagers.find(mandate.usagerId())
			.map(UsagerIdentity::displayName)
			.orElseGet(() -> this.dataKeys.erased(mandate.usagerId()) ? StructureMandates.ERASED
					: StructureMandates.UNKNOWN);
	}

}
