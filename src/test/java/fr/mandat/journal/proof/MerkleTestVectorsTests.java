package fr.mandat.journal.proof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The RFC 6962 / 9162 proof vectors of {@code ../shared/testdata/merkle}: each file is a
 * test, and every file must be there.
 */
class MerkleTestVectorsTests {

	private static final Path VECTORS = Path
		.of(System.getProperty("mandat.merkle.testdata", "../shared/testdata/merkle"));

	private final JsonMapper json = JsonMapper.builder().build();

	@TestFactory
	Stream<DynamicTest> inclusionVectors() throws IOException {
		List<Path> files = vectors("inclusion");
		assertThat(files).hasSizeGreaterThan(50);
		return files.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
			JsonNode vector = this.json.readTree(file.toFile());
			if (!fitsInLong(vector.get("leafIdx")) || !fitsInLong(vector.get("treeSize"))) {
				// Beyond 2^63 - 1 no index or size reaches the verifier: the API refuses
				// it.
				assertThat(vector.get("wantErr").asBoolean()).isTrue();
				return;
			}
			ThrowingVerification verification = () -> ProofVerifier.verifyInclusion(vector.get("leafIdx").asLong(),
					vector.get("treeSize").asLong(), bytes(vector.get("leafHash")), hashes(vector.get("proof")),
					bytes(vector.get("root")));
			check(vector, verification);
		}));
	}

	@TestFactory
	Stream<DynamicTest> consistencyVectors() throws IOException {
		List<Path> files = vectors("consistency");
		assertThat(files).hasSizeGreaterThan(50);
		return files.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
			JsonNode vector = this.json.readTree(file.toFile());
			check(vector,
					() -> ProofVerifier.verifyConsistency(vector.get("size1").asLong(), vector.get("size2").asLong(),
							hashes(vector.get("proof")), bytes(vector.get("root1")), bytes(vector.get("root2"))));
		}));
	}

	private static void check(JsonNode vector, ThrowingVerification verification) {
		if (vector.get("wantErr").asBoolean()) {
			assertThatExceptionOfType(ProofException.class).isThrownBy(verification::run);
		}
		else {
			assertThatCode(verification::run).doesNotThrowAnyException();
		}
	}

	private static boolean fitsInLong(JsonNode number) {
		return number.canConvertToLong();
	}

	private static List<Path> vectors(String kind) throws IOException {
		Path folder = VECTORS.resolve(kind);
		assertThat(folder).as("test vectors (shared/testdata/merkle beside the project)").isDirectory();
		try (Stream<Path> paths = Files.walk(folder)) {
			return paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static String name(Path file) {
		return VECTORS.relativize(file).toString();
	}

	private static byte[] bytes(JsonNode node) {
		return (node == null || node.isNull()) ? new byte[0] : Base64.getDecoder().decode(node.asString());
	}

	private static List<byte[]> hashes(JsonNode node) {
		List<byte[]> hashes = new ArrayList<>();
		if (node != null && !node.isNull()) {
			node.forEach(element -> hashes.add(bytes(element)));
		}
		return hashes;
	}

	@FunctionalInterface
	private interface ThrowingVerification {

		void run() throws ProofException;

	}

}
