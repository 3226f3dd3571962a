package fr.mandat.signing.web;

import java.util.Map;

import fr.mandat.signing.ServiceSignatures;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys that verify the service's JSON Web Signatures (RFC 7517). */
@RestController
class JwksController {

	static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

	private final ServiceSignatures signatures;

	JwksController(ServiceSignatures signatures) {
		this.signatures = signatures;
	}

	@GetMapping(path = "/.well-known/jwks.json")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.contentType(JWK_SET)
			.header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
			.body(this.signatures.publicJwks());
	}

}
