package fr.mandat.mandate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.structure.DemarcheCategory;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * The signed content of a mandate: canonical JSON (RFC 8785), so anyone can recompute its
 * digest from the JWS payload.
 *
 * @param canonical the canonical UTF-8 bytes
 * @param digest their SHA-256, hex
 */
record MandateDocument(byte[] canonical, String digest) {

	static final String JWS_TYPE = "mandat+jws";

	/**
	 * 2: the usager's identity is a keyed commitment ({@code identityCommitment});
	 * version 1 documents, signed before, carry an unkeyed SHA-256
	 * ({@code identityDigest}) and are kept as signed (ADR 0030).
	 */
	static final int VERSION = 2;

	static MandateDocument of(JsonMapper json, Content content) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("type", "mandat");
		document.put("version", VERSION);
		document.put("id", content.id().toString());
		document.put("issuedAt", content.issuedAt().toString());
		document.put("structure", Map.of("id", content.structureId().toString(), "name", content.structureName()));
		document.put("aidant", Map.of("id", content.aidantId().toString()));
		document.put("usager", Map.of("pseudonym", content.usagerPseudonym(), "identityCommitment",
				content.identityCommitment(), "acr", content.acr()));
		document.put("categories", content.categories().stream().map(DemarcheCategory::code).toList());
		document.put("notBefore", content.notBefore().toString());
		document.put("notAfter", content.notAfter().toString());
		document.put("consent", Map.of("method", "en-presence", "evidenceDigest", content.consentEvidenceDigest()));
		document.put("templateDigest", ConsentWording.digest());
		if (content.renews() != null) {
			document.put("renews", content.renews().toString());
		}
		byte[] canonical = Digests.canonical(json.writeValueAsString(document));
		return new MandateDocument(canonical, Digests.sha256Hex(canonical));
	}

	String text() {
		return new String(this.canonical, StandardCharsets.UTF_8);
	}

	/** What a mandate document states. */
	record Content(UUID id, Instant issuedAt, UUID structureId, String structureName, UUID aidantId,
			String usagerPseudonym, String identityCommitment, String acr, List<DemarcheCategory> categories,
			Instant notBefore, Instant notAfter, String consentEvidenceDigest, @Nullable UUID renews) {
	}

}
