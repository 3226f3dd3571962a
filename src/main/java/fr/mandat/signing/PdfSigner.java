package fr.mandat.signing;

/**
 * Signs PDF documents with the service's certificate (PAdES): baseline B-T when a
 * time-stamp authority is configured, B-B otherwise.
 */
public interface PdfSigner {

	/**
	 * The signed document.
	 * @param pdf an unsigned PDF
	 * @param reason the signature's reason, in French, shown by PDF readers
	 */
	byte[] sign(byte[] pdf, String reason);

}
