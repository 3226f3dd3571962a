package fr.mandat.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A stand-in RFC 3161 time-stamp authority for the local stack and the tests: HTTP POST
 * of {@code application/timestamp-query}, answered with
 * {@code application/timestamp-reply}. Its key and certificates live in memory only,
 * issued by a small root of its own.
 */
public final class LocalTimestampAuthority implements AutoCloseable {

	/** An arbitrary policy: this authority makes no promise to anybody. */
	static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.3161.1");

	private final HttpServer server;

	private final ExecutorService executor;

	private final TimeStampResponseGenerator responses;

	private final X509Certificate certificate;

	private final X509Certificate rootCertificate;

	private final Clock clock;

	private final AtomicLong serial = new AtomicLong();

	private LocalTimestampAuthority(HttpServer server, ExecutorService executor, TimeStampResponseGenerator responses,
			X509Certificate certificate, X509Certificate rootCertificate, Clock clock) {
		this.server = server;
		this.executor = executor;
		this.responses = responses;
		this.certificate = certificate;
		this.rootCertificate = rootCertificate;
		this.clock = clock;
	}

	/** Listens on the loopback interface; port 0 picks a free one. */
	public static LocalTimestampAuthority start(int port) {
		return start(port, Clock.systemUTC());
	}

	public static LocalTimestampAuthority start(int port, Clock clock) {
		try {
			KeyPair root = ecKeyPair();
			KeyPair tsa = ecKeyPair();
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X500Name rootName = name("CN=Mandat horodatage racine locale, O=Mandat (développement)");
			X509Certificate rootCertificate = sign(builder(1, rootName, rootName, root, clock)
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false,
						extensions.createSubjectKeyIdentifier(root.getPublic())),
					root);
			X509Certificate tsaCertificate = sign(
					builder(2, rootName, name("CN=Mandat horodatage local, O=Mandat (développement)"), tsa, clock)
						.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
						.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
						.addExtension(Extension.extendedKeyUsage, true,
								new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
						.addExtension(Extension.subjectKeyIdentifier, false,
								extensions.createSubjectKeyIdentifier(tsa.getPublic()))
						.addExtension(Extension.authorityKeyIdentifier, false,
								extensions.createAuthorityKeyIdentifier(rootCertificate)),
					root);
			TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
					new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsa.getPrivate(),
							tsaCertificate),
					new JcaDigestCalculatorProviderBuilder().build()
						.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
					POLICY);
			tokens.addCertificates(new JcaCertStore(List.of(tsaCertificate, rootCertificate)));
			TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
			HttpServer server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
					0);
			ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
				Thread thread = new Thread(runnable, "mandat-local-tsa");
				thread.setDaemon(true);
				return thread;
			});
			LocalTimestampAuthority authority = new LocalTimestampAuthority(server, executor, responses, tsaCertificate,
					rootCertificate, clock);
			server.createContext("/", authority::handle);
			server.setExecutor(executor);
			server.start();
			return authority;
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException | TSPException ex) {
			throw new IllegalStateException("Could not start the local time-stamp authority", ex);
		}
	}

	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/tsa";
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The certificate that signs the time-stamp tokens. */
	public X509Certificate certificate() {
		return this.certificate;
	}

	public X509Certificate rootCertificate() {
		return this.rootCertificate;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod()) || !"application/timestamp-query"
				.equalsIgnoreCase(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).trim())) {
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			byte[] reply;
			try (InputStream in = exchange.getRequestBody()) {
				TimeStampRequest request = new TimeStampRequest(in.readNBytes(64 * 1024));
				TimeStampResponse response = this.responses.generate(request,
						BigInteger.valueOf(this.serial.incrementAndGet()), Date.from(this.clock.instant()));
				reply = response.getEncoded();
			}
			catch (IOException | TSPException | RuntimeException ex) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
			exchange.sendResponseHeaders(200, reply.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(reply);
			}
		}
	}

	private static X500Name name(String distinguishedName) {
		return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
	}

	private static KeyPair ecKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static X509v3CertificateBuilder builder(long serial, X500Name issuer, X500Name subject, KeyPair pair,
			Clock clock) {
		Instant now = clock.instant();
		return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
				Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
				pair.getPublic());
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
			throws GeneralSecurityException, OperatorCreationException {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
	}

}
