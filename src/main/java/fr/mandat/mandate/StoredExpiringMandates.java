package fr.mandat.mandate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import fr.mandat.structure.ExpiringMandates;

import org.springframework.stereotype.Service;

/**
 * {@link ExpiringMandates} from the mandate table, names decrypted for the rows shown.
 */
@Service
class StoredExpiringMandates implements ExpiringMandates {

	private final MandateStore store;

	private final StructureMandates mandates;

	StoredExpiringMandates(MandateStore store, StructureMandates mandates) {
		this.store = store;
		this.mandates = mandates;
	}

	@Override
	public Expiring of(UUID structureId, int limit) {
		MandateListing.Page page = this.store.endingSoonest(structureId, this.mandates.now(),
				Duration.ofDays(WITHIN_DAYS), limit);
		Map<UUID, String> names = new HashMap<>();
		return new Expiring(page.mandates()
			.stream()
			.map(m -> new Row(m.id(), names.computeIfAbsent(m.usagerId(), this.mandates::usagerName), m.aidantId(),
					m.activeCategories(), m.notAfter()))
			.toList(), page.total());
	}

}
