package fr.mandat.journal;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An auditor's search: every criterion is optional, all given ones must match. Results
 * come newest first; {@code after} continues from the last entry of the previous page.
 *
 * @param from entries recorded at or after this instant
 * @param until entries recorded before this instant
 * @param size entries per page (1 to {@value #MAX_SIZE})
 */
public record JournalQuery(@Nullable UUID structureId, @Nullable String actorId, @Nullable String usagerRef,
		@Nullable String demarche, @Nullable JournalAction action, @Nullable Instant from, @Nullable Instant until,
		int size, @Nullable Cursor after) {

	public static final int MAX_SIZE = 200;

	public JournalQuery {
		if (size < 1 || size > MAX_SIZE) {
			throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
		}
		if (from != null && until != null && !from.isBefore(until)) {
			throw new IllegalArgumentException("from must be before until");
		}
	}

	/** Where a page ended: the last entry's time and id. */
	public record Cursor(Instant recordedAt, UUID id) {

		/** An opaque, URL-safe token. */
		public String token() {
			long micros = Math.addExact(Math.multiplyExact(this.recordedAt.getEpochSecond(), 1_000_000L),
					this.recordedAt.getNano() / 1_000);
			return micros + "_" + this.id;
		}

		public static Cursor parse(String token) {
			int split = token.indexOf('_');
			if (split < 1) {
				throw new IllegalArgumentException("Malformed cursor");
			}
			long micros = Long.parseLong(token.substring(0, split));
			UUID id = UUID.fromString(token.substring(split + 1));
			return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
					Math.floorMod(micros, 1_000_000L) * 1_000L), id);
		}

	}

}
