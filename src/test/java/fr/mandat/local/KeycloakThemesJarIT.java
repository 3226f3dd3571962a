package fr.mandat.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The theme jar for a production Keycloak (drop it into {@code providers/}): Keycloak's
 * theme descriptor, every file of {@code keycloak/themes/} and the DSFR the pages use.
 */
class KeycloakThemesJarIT {

	private static final Path JAR = Path.of(System.getProperty("mandat.keycloak-themes.jar", "target/missing.jar"));

	@Test
	void holdsTheDescriptorEveryThemeFileAndTheDsfr() throws IOException {
		assertThat(JAR).as("the theme jar built by the package phase").isRegularFile();
		Path themes = LocalSettings.projectDir().resolve("keycloak/themes");
		try (JarFile jar = new JarFile(JAR.toFile()); Stream<Path> files = Files.walk(themes)) {
			assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/keycloak-themes.json")).readAllBytes()))
				.contains("\"mandat\"")
				.contains("\"mandat-usagers\"");
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String entry = "theme/" + themes.relativize(file).toString().replace('\\', '/');
				assertThat(jar.getEntry(entry)).as(entry).isNotNull();
			}
			for (String dsfr : List.of("dsfr.min.css", "fonts/Marianne-Regular.woff2",
					"icons/system/fr--error-fill.svg", "favicon/favicon.svg")) {
				assertThat(jar.getEntry("theme/mandat/login/resources/dsfr/" + dsfr)).as(dsfr).isNotNull();
			}
		}
	}

}
