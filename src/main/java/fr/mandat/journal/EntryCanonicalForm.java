package fr.mandat.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.erdtman.jcs.JsonCanonicalizer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes a leaf hashes: the entry as RFC 8785 canonical JSON, rebuilt the same way
 * from its columns when the journal is verified.
 */
final class EntryCanonicalForm {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EntryCanonicalForm() {
	}

	static String canonicalPayload(Map<String, ?> payload) {
		return canonicalize(JSON.writeValueAsString(payload));
	}

	static byte[] of(StoredEntry entry) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("v", 1);
		json.put("id", entry.id().toString());
		json.put("time", entry.recordedAt().toString());
		json.put("action", entry.action());
		Map<String, Object> actor = new LinkedHashMap<>();
		actor.put("type", entry.actorType());
		putIfPresent(actor, "id", entry.actorId());
		putIfPresent(actor, "structure", entry.structureId());
		json.put("actor", actor);
		putIfPresent(json, "mandate", entry.mandateId());
		putIfPresent(json, "usager", entry.usagerRef());
		putIfPresent(json, "demarche", entry.demarche());
		json.put("payload", JSON.readTree(entry.payload()));
		return canonicalize(JSON.writeValueAsString(json)).getBytes(StandardCharsets.UTF_8);
	}

	private static void putIfPresent(Map<String, Object> json, String name, @Nullable Object value) {
		if (value != null) {
			json.put(name, value.toString());
		}
	}

	private static String canonicalize(String json) {
		try {
			return new JsonCanonicalizer(json).getEncodedString();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not canonicalizable JSON", ex);
		}
	}

	/** An entry as stored. */
	record StoredEntry(UUID id, Instant recordedAt, String action, String actorType, @Nullable String actorId,
			@Nullable UUID structureId, @Nullable UUID mandateId, @Nullable String usagerRef, @Nullable String demarche,
			String payload) {
	}

}
