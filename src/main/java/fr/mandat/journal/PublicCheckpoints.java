package fr.mandat.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.mandat.journal.WitnessLedger.WitnessedRow;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.WitnessPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The checkpoint the public sees: the largest one that meets the witness policy, with its
 * cosignatures, checked again before it is served (a stored row that no longer verifies,
 * e.g. rewritten in the database, is skipped). Without witnesses (quorum 0), the latest
 * signed checkpoint. Kept for a second ({@code mandat.journal.public-checkpoint-cache}):
 * the public endpoint must not load the database.
 */
@Component
class PublicCheckpoints {

	private static final Logger log = LoggerFactory.getLogger(PublicCheckpoints.class);

	private final WitnessLedger ledger;

	private final ConfiguredWitnesses witnesses;

	private final CheckpointSigner signer;

	private final long cacheNanos;

	private volatile @Nullable Cached cached;

	PublicCheckpoints(WitnessLedger ledger, ConfiguredWitnesses witnesses, CheckpointSigner signer,
			JournalProperties properties) {
		this.cacheNanos = properties.publicCheckpointCache().toNanos();
		this.ledger = ledger;
		this.witnesses = witnesses;
		this.signer = signer;
	}

	Optional<Published> current() {
		Cached last = this.cached;
		long now = System.nanoTime();
		if (last != null && now - last.at() < this.cacheNanos) {
			return Optional.ofNullable(last.published());
		}
		Published published = load().orElse(null);
		this.cached = new Cached(now, published);
		return Optional.ofNullable(published);
	}

	/** The same, read now (for auditors' pages and tests). */
	Optional<Published> load() {
		WitnessPolicy policy = this.witnesses.policy();
		if (policy.quorum() == 0) {
			return this.ledger.latestCheckpoint()
				.map(row -> new Published(row.size(), row.note(), List.of(), false, row.createdAt(), null));
		}
		for (WitnessedRow row : this.ledger.latestWitnessed(5)) {
			try {
				List<Cosignature> cosignatures = policy
					.verify(row.note(), this.signer.verifierKey(), CheckpointSigner::bouncyCastleEd25519)
					.cosignatures();
				return Optional
					.of(new Published(row.size(), row.note(), cosignatures.stream().map(c -> c.key().name()).toList(),
							true, row.signedAt(), row.witnessedAt()));
			}
			catch (ProofException ex) {
				log.warn("Witnessed checkpoint of size {} no longer verifies ({}): not published", row.size(),
						ex.getMessage());
			}
		}
		return Optional.empty();
	}

	/**
	 * @param note the signed note with the witnesses' cosignatures
	 * @param witnessedBy the witnesses whose valid cosignatures it carries
	 * @param witnessed whether it met a witness policy (false when none is configured)
	 */
	record Published(long size, String note, List<String> witnessedBy, boolean witnessed, @Nullable Instant signedAt,
			@Nullable Instant witnessedAt) {
	}

	private record Cached(long at, @Nullable Published published) {
	}

}
