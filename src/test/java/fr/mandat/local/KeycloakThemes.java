package fr.mandat.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Mandat's Keycloak themes ({@code keycloak/themes/}) put into a Keycloak distribution,
 * with the vendored DSFR their pages use (one copy in the repository:
 * {@code src/main/resources/static/dsfr/}). The test and local Keycloak cache themes and
 * templates as in production, so a change shows after a restart of the stack.
 */
public final class KeycloakThemes {

	/** What the sign-in pages take from the vendored DSFR. */
	static final List<String> DSFR_FILES = List.of("dsfr.min.css", "fonts", "icons", "favicon", "LICENSE.md",
			"VERSION");

	private KeycloakThemes() {
	}

	/**
	 * Replaces the themes of {@code project/keycloak/themes} in {@code themesDir}.
	 * @return the themes installed
	 */
	public static List<Path> install(Path project, Path themesDir) {
		Path source = project.resolve("keycloak/themes");
		Path dsfr = project.resolve("src/main/resources/static/dsfr");
		try (Stream<Path> themes = Files.list(source)) {
			List<Path> installed = themes.filter(Files::isDirectory).sorted().map(theme -> {
				Path target = themesDir.resolve(theme.getFileName().toString());
				delete(target);
				copy(theme, target);
				return target;
			}).toList();
			Path resources = themesDir.resolve("mandat/login/resources/dsfr");
			for (String file : DSFR_FILES) {
				copy(dsfr.resolve(file), resources.resolve(file));
			}
			return installed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not install the Keycloak themes from " + source, ex);
		}
	}

	private static void copy(Path from, Path to) {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
