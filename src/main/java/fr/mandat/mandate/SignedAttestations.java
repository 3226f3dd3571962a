package fr.mandat.mandate;

import fr.mandat.signing.PdfSigner;

import org.springframework.stereotype.Component;

/** Renders an attestation to PDF and has the signing module sign it. */
@Component
class SignedAttestations {

	private final AttestationRenderer renderer;

	private final PdfSigner pdfSigner;

	SignedAttestations(AttestationRenderer renderer, PdfSigner pdfSigner) {
		this.renderer = renderer;
		this.pdfSigner = pdfSigner;
	}

	/**
	 * The signed PDF; {@code title} names the signature (« Attestation de mandat … »).
	 */
	byte[] sign(AttestationContent content, String title) {
		return this.pdfSigner.sign(this.renderer.render(content), title);
	}

}
