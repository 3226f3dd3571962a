package fr.mandat.mandate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.usager.Usagers;
import fr.mandat.usager.Usagers.UsagerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Gives the mandates signed before the name index existed their index (ADR 0096): at
 * start, in batches, from the usager's decrypted name. A migration cannot do it, having
 * no key. Safe with several instances starting at once: each row is written only while it
 * has no index, and every instance computes the same one.
 */
@Component
class UsagerNameIndexBackfill implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(UsagerNameIndexBackfill.class);

	private static final int BATCH = 500;

	private final MandateStore store;

	private final Usagers usagers;

	private final UsagerNameIndex index;

	UsagerNameIndexBackfill(MandateStore store, Usagers usagers, UsagerNameIndex index) {
		this.store = store;
		this.usagers = usagers;
		this.index = index;
	}

	@Override
	public void run(ApplicationArguments args) {
		int indexed = run();
		if (indexed > 0) {
			log.info("Name index written for {} mandates signed before it existed", indexed);
		}
	}

	/** Indexes every mandate without an index; how many it wrote. */
	int run() {
		int indexed = 0;
		UUID after = new UUID(0, 0);
		List<MandateStore.Unindexed> batch;
		do {
			batch = this.store.unindexed(after, BATCH);
			Map<UUID, List<String>> byUsager = new HashMap<>();
			for (MandateStore.Unindexed mandate : batch) {
				List<String> hashes = byUsager.computeIfAbsent(mandate.usagerId(),
						id -> this.usagers.find(id)
							.map(UsagerIdentity::displayName)
							.map(this.index::ofName)
							.orElse(List.of()));
				indexed += this.store.indexName(mandate.id(), hashes);
				after = mandate.id();
			}
		}
		while (batch.size() == BATCH);
		return indexed;
	}

}
