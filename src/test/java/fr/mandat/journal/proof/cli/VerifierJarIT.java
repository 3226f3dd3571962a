package fr.mandat.journal.proof.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged verifier jar, run as an auditor would: a plain JVM, nothing else. */
class VerifierJarIT {

	private static final Path JAR = Path.of(System.getProperty("mandat.verifier.jar", "target/missing.jar"));

	@TempDir
	Path directory;

	@Test
	void verifiesAnExportAndRejectsATamperedOne() throws Exception {
		assertThat(JAR).as("the verifier jar built by the package phase").isRegularFile();
		TestBundles journal = new TestBundles(6);
		ObjectNode bundle = journal.bundle(0, 6);
		Path intact = write(bundle);
		((ObjectNode) bundle.get("entries").get(3)).put("entry", "{\"forged\":true}");
		Path tampered = write(bundle);

		Result ok = java("paquet", intact.toString(), "--cle", journal.verifierKey());
		Result bad = java("paquet", tampered.toString(), "--cle", journal.verifierKey());

		assertThat(ok.code()).as(ok.output()).isZero();
		assertThat(ok.output()).contains("VÉRIFIÉ : 6 entrée(s)");
		assertThat(bad.code()).isEqualTo(1);
		assertThat(bad.output()).contains("ÉCHEC : l'entrée n° 3");
	}

	private Result java(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private Path write(ObjectNode document) throws IOException {
		Path file = Files.createTempFile(this.directory, "bundle", ".json");
		Files.writeString(file, document.toString());
		return file;
	}

	private record Result(int code, String output) {
	}

}
