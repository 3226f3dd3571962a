package fr.mandat.mandate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * The document stating these terms.
	 * @param consentEvidenceDigest the digest of the consent evidence (who confirmed the
	 * consent, when, after which step-up, with which wording)
	 */
	static MandateDocument of(JsonMapper json, MandateTerms terms, String consentEvidenceDigest) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("type", "mandat");
		document.put("version", VERSION);
		document.put("id", terms.id().toString());
		document.put("issuedAt", terms.notBefore().toString());
		document.put("structure", Map.of("id", terms.structure().id().toString(), "name", terms.structure().name()));
		document.put("aidant", Map.of("id", terms.aidant().aidantId().toString()));
		document.put("usager", Map.of("pseudonym", terms.usager().pseudonym(), "identityCommitment",
				terms.usager().identityCommitment(), "acr", terms.acr()));
		document.put("categories", terms.categoryCodes());
		document.put("notBefore", terms.notBefore().toString());
		document.put("notAfter", terms.notAfter().toString());
		document.put("consent", Map.of("method", "en-presence", "evidenceDigest", consentEvidenceDigest));
		document.put("templateDigest", ConsentWording.digest());
		UUID renews = terms.renews();
		if (renews != null) {
			document.put("renews", renews.toString());
		}
		byte[] canonical = Digests.canonical(json.writeValueAsString(document));
		return new MandateDocument(canonical, Digests.sha256Hex(canonical));
	}

	String text() {
		return new String(this.canonical, StandardCharsets.UTF_8);
	}

}
