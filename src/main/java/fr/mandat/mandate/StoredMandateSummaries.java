package fr.mandat.mandate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.usager.UsagerDataKeys;
import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;

import org.springframework.stereotype.Service;

/** {@link MandateSummaries} from the mandate tables and the usager's decrypted name. */
@Service
class StoredMandateSummaries implements MandateSummaries {

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
		String name = this.usagers.find(mandate.usagerId())
			.map(UsagerIdentity::displayName)
			.orElseGet(() -> this.dataKeys.erased(mandate.usagerId()) ? StructureMandates.ERASED
					: StructureMandates.UNKNOWN);
		return new Summary(mandateId, name, active, active ? mandate.activeCategories() : List.of());
	}

}
