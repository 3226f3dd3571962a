package fr.mandat.mandate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import fr.mandat.signing.PdfSigner;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Not a test: measures mandate creation on this machine and writes
 * {@code target/benchmarks/mandate.md}. Run it alone (see docs/benchmarks.md):
 * {@code ./mvnw test -Dtest=MandateBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.mandates=1000} by default).
 */
@MandatIntegrationTest
class MandateBenchmark {

	private static final int COUNT = Integer.getInteger("bench.mandates", 1000);

	private static final int WARM_UP = 50;

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private ServiceSignatures signatures;

	@Autowired
	private AttestationRenderer renderer;

	@Autowired
	private PdfSigner pdfSigner;

	@Autowired
	private Environment environment;

	@Test
	void measure() throws IOException {
		MandateTestData data = new MandateTestData(this.mandates, this.clock, this.staff);
		MandateTestData.Counter camille = data.camille();
		List<String> categories = List.of("social", "logement", "argent");

		// Warm up the JIT, the connection pool and the time-stamp client.
		for (int i = 0; i < WARM_UP; i++) {
			data.create(camille, MandateTestData.newSubject(), categories, 31);
		}
		List<Long> total = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			MandateDraft draft = data.identifiedDraft(camille, MandateTestData.newSubject(), categories, 31);
			draft.consentConfirmed(this.clock.instant());
			long start = System.nanoTime();
			this.mandates.create(draft, camille.member(), camille.structure(), Instant.now(), MandateTestData.BASE);
			total.add(System.nanoTime() - start);
		}
		byte[] payload = ("{\"id\":\"" + UUID.randomUUID() + "\",\"categories\":[\"social\"]}")
			.getBytes(StandardCharsets.UTF_8);
		List<Long> jws = time(() -> this.signatures.signJws(payload, MandateDocument.JWS_TYPE));
		AttestationContent content = new AttestationContent(AttestationContent.Kind.MANDATE, UUID.randomUUID(), null,
				"France Services de Villeneuve", "Camille Martin", "Jeanne Dupont", LocalDate.of(1956, 3, 14),
				List.of("Social - Santé", "Logement", "Argent - Impôts - Consommation"), Instant.now(),
				Instant.now().plusSeconds(31 * 86400L), null, fr.mandat.structure.FrenchDates.ZONE,
				"http://localhost:8080/verifier/x?empreinte=" + "a".repeat(64), "a".repeat(64), Instant.now());
		// Side by side, alternating: the fonts parsed once (as the application does) and
		// parsed again for each document (as before issue 17).
		List<Long> render = new ArrayList<>();
		List<Long> renderParsingFonts = new ArrayList<>();
		for (int i = 0; i < WARM_UP; i++) {
			this.renderer.render(content);
			new AttestationRenderer(new AttestationFonts()).render(content);
		}
		for (int i = 0; i < COUNT; i++) {
			long start = System.nanoTime();
			this.renderer.render(content);
			render.add(System.nanoTime() - start);
			start = System.nanoTime();
			new AttestationRenderer(new AttestationFonts()).render(content);
			renderParsingFonts.add(System.nanoTime() - start);
		}
		byte[] unsigned = this.renderer.render(content);
		List<Long> pades = time(() -> this.pdfSigner.sign(unsigned, "Attestation"));

		String tsa = this.environment.getProperty("mandat.signing.tsa-url", "");
		StringBuilder report = new StringBuilder();
		report.append("Run at ")
			.append(Instant.now())
			.append(" on ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, Java ")
			.append(System.getProperty("java.version"))
			.append(", ")
			.append(COUNT)
			.append(" creations after ")
			.append(WARM_UP)
			.append(" warm-up ones; PAdES ")
			.append(tsa.isBlank() ? "B-B (no time-stamp authority)" : "B-T with the local time-stamp authority")
			.append(".\n\n| step | p50 | p95 | p99 | max |\n|---|---|---|---|---|\n");
		row(report, "whole creation (JWS + PDF + PAdES + database + journal)", total);
		row(report, "JWS ES256 alone", jws);
		row(report, "PDF rendering alone", render);
		row(report, "PDF rendering alone, fonts parsed for each document (before)", renderParsingFonts);
		row(report, "PAdES signature alone", pades);
		Path out = Path.of("target/benchmarks/mandate.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	private static List<Long> time(Supplier<?> work) {
		for (int i = 0; i < WARM_UP; i++) {
			work.get();
		}
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			long start = System.nanoTime();
			work.get();
			times.add(System.nanoTime() - start);
		}
		return times;
	}

	private static void row(StringBuilder report, String step, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		report.append("| ")
			.append(step)
			.append(" | ")
			.append(ms(sorted, 0.50))
			.append(" | ")
			.append(ms(sorted, 0.95))
			.append(" | ")
			.append(ms(sorted, 0.99))
			.append(" | ")
			.append(String.format("%.1f ms", sorted.get(sorted.size() - 1) / 1e6))
			.append(" |\n");
	}

	private static String ms(List<Long> sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.size()) - 1;
		return String.format("%.1f ms", sorted.get(Math.max(0, index)) / 1e6);
	}

}
