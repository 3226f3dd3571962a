package fr.mandat.journal.proof.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier reading a bundle or a consistency proof from a file: whatever the
 * file holds, it answers with one of its three exit codes and a French line, never an
 * exception, and never « VÉRIFIÉ » for what no key signed.
 */
@Tag("fuzz")
class VerifierBundleFuzzTests {

	@FuzzTest(maxDuration = "20s")
	void readsAnyFileSafely(byte[] input) throws IOException {
		Path file = Files.createTempFile("paquet", ".json");
		try {
			Files.write(file, input);
			for (String mode : new String[] { "paquet", "coherence" }) {
				ByteArrayOutputStream printed = new ByteArrayOutputStream();
				int code = Verifier.run(new String[] { mode, file.toString() },
						new PrintStream(printed, true, StandardCharsets.UTF_8));
				String output = printed.toString(StandardCharsets.UTF_8);
				assertThat(code).isBetween(Verifier.VERIFIED, Verifier.UNUSABLE);
				assertThat(output).isNotBlank();
				if (code == Verifier.VERIFIED) {
					// Only an input carrying its own valid signatures verifies; it is
					// flagged as checked against an untrusted key.
					assertThat(output).contains("VÉRIFIÉ");
				}
				else {
					assertThat(output).containsAnyOf("ÉCHEC", "INUTILISABLE");
				}
			}
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
