package fr.mandat.mandate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import fr.mandat.structure.DemarcheCategory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Public verification: from what the attestation's QR code carries (the mandate's id and
 * digest), whether the mandate is valid now, and nothing more personal than the paper
 * already shows.
 */
@Service
class MandateVerification {

	static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

	private final MandateStore store;

	private final JsonMapper json;

	private final Clock clock;

	MandateVerification(MandateStore store, JsonMapper json, Clock clock) {
		this.store = store;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The verification result, or empty when no mandate has this id and digest (both
	 * cases look the same, so ids cannot be probed).
	 */
	Optional<Result> verify(UUID id, String digest) {
		Optional<Mandate> found = this.store.findVerifiable(id, digest);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Mandate mandate = found.get();
		Instant now = this.clock.instant();
		JsonNode document = this.json.readTree(this.store.document(id).orElseThrow());
		return Optional.of(new Result(mandate.id(), mandate.status(now), mandate.notBefore(), mandate.notAfter(),
				mandate.revokedAt(), document.path("structure").path("name").asString(),
				mandate.autorisations()
					.stream()
					.map(a -> new Category(a.category(), a.revokedAt() == null && mandate.status(now).isActive(),
							a.revokedAt()))
					.toList(),
				mandate.renews(), mandate.digest(), mandate.jws(), now));
	}

	/** What a verification tells. */
	record Result(UUID id, MandateStatus status, Instant notBefore, Instant notAfter, @Nullable Instant revokedAt,
			String structureName, List<Category> categories, @Nullable UUID renews, String digest, String jws,
			Instant checkedAt) {
	}

	/** One category and whether it is covered now. */
	record Category(DemarcheCategory category, boolean active, @Nullable Instant revokedAt) {
	}

}
