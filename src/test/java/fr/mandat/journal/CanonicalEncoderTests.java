package fr.mandat.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast encoder writes, byte for byte, what the reference form (Jackson and RFC 8785)
 * writes, whatever the fields hold.
 */
class CanonicalEncoderTests {

	private static final List<String> STRINGS = List.of("SIGNED_IN", "é\u00e0 « guillemets » ’", "quote \" and \\",
			"tab\tnew\nline\r", "\u0001\u001f\u007f", "emoji \uD83D\uDE00", "\u2028\u2029", "", "x".repeat(100));

	private final Random random = new Random(20261130);

	@Test
	void writesExactlyTheReferenceCanonicalForm() {
		CanonicalEncoder encoder = new CanonicalEncoder();
		for (int i = 0; i < 5_000; i++) {
			StoredEntry entry = randomEntry();
			byte[] expected = EntryCanonicalForm.of(entry);
			byte[] actual = encoder.encode(bytes(entry.id().toString()), micros(entry.recordedAt()),
					bytes(entry.action()), bytes(entry.actorType()), bytes(entry.actorId()),
					(entry.structureId() != null) ? bytes(entry.structureId().toString()) : null,
					(entry.mandateId() != null) ? bytes(entry.mandateId().toString()) : null, bytes(entry.usagerRef()),
					bytes(entry.demarche()), bytes(entry.payload()));
			assertThat(new String(actual, StandardCharsets.UTF_8)).as("entry %d", i)
				.isEqualTo(new String(expected, StandardCharsets.UTF_8));
		}
	}

	@Test
	void writesUuidsFromTheirBytes() {
		UUID id = UUID.randomUUID();
		ByteBuffer bytes = ByteBuffer.allocate(16)
			.putLong(id.getMostSignificantBits())
			.putLong(id.getLeastSignificantBits());
		assertThat(new String(CanonicalEncoder.uuid(bytes.array(), 0), StandardCharsets.US_ASCII))
			.isEqualTo(id.toString());
	}

	private StoredEntry randomEntry() {
		Instant time = Instant.ofEpochSecond(this.random.nextLong(-2_000_000_000L, 7_000_000_000L),
				switch (this.random.nextInt(4)) {
					case 0 -> 0;
					case 1 -> this.random.nextInt(1000) * 1_000_000;
					default -> this.random.nextInt(1_000_000) * 1_000;
				});
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("text", pick());
		payload.put("number", this.random.nextInt());
		payload.put("decimal", this.random.nextDouble() * 1e6);
		payload.put("list", List.of(pick(), this.random.nextBoolean()));
		payload.put(pick(), Map.of("nested", pick()));
		return new StoredEntry(UUID.randomUUID(), time, pick(), pick(), maybe(pick()), maybe(UUID.randomUUID()),
				maybe(UUID.randomUUID()), maybe(pick()), maybe(pick()), EntryCanonicalForm.canonicalPayload(payload));
	}

	private String pick() {
		return STRINGS.get(this.random.nextInt(STRINGS.size()));
	}

	private <T> T maybe(T value) {
		return this.random.nextBoolean() ? value : null;
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
	}

	private static byte[] bytes(String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
	}

}
