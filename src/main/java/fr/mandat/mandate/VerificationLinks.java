package fr.mandat.mandate;

import java.net.URI;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** The public verification page's address for a mandate, as printed in the QR code. */
@Component
class VerificationLinks {

	private final MandateProperties properties;

	VerificationLinks(MandateProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param requestBase the address the request came to, used when no public address is
	 * configured
	 */
	URI of(URI requestBase, UUID mandateId, String digest) {
		URI base = (this.properties.publicUrl() != null) ? this.properties.publicUrl() : requestBase;
		return UriComponentsBuilder.fromUri(base)
			.path("/verifier/{id}")
			.queryParam("empreinte", digest)
			.buildAndExpand(mandateId)
			.toUri();
	}

}
