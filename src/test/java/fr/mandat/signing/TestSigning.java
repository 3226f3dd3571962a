package fr.mandat.signing;

import java.nio.file.Path;

import com.nimbusds.jose.JOSEException;

/**
 * The real signing services on a keystore in a test's directory, for plain unit tests of
 * other modules (their implementations are not visible outside this package).
 */
public final class TestSigning {

	private final NimbusServiceSignatures signatures;

	private final AesGcmPersonalDataProtection personalData;

	private TestSigning(ServiceKeystore keystore) throws JOSEException {
		this.signatures = new NimbusServiceSignatures(keystore);
		this.personalData = new AesGcmPersonalDataProtection(keystore);
	}

	/** Generates a keystore under the directory. */
	public static TestSigning in(Path directory) {
		try {
			return new TestSigning(TestKeys.keystore(directory));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public ServiceSignatures signatures() {
		return this.signatures;
	}

	public PersonalDataProtection personalData() {
		return this.personalData;
	}

}
