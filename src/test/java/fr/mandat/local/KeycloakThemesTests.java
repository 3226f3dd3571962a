package fr.mandat.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The themes as the local Keycloak gets them: every file, and every stylesheet's url().
 */
class KeycloakThemesTests {

	private static final Pattern URL = Pattern.compile("url\\(([^)\"']+)\\)");

	@Test
	void installsBothThemesWithTheDsfrTheirStylesheetsReference(@TempDir Path themes) throws IOException {
		List<Path> installed = KeycloakThemes.install(LocalSettings.projectDir(), themes);

		assertThat(installed).extracting(p -> p.getFileName().toString()).containsExactly("mandat", "mandat-usagers");
		Path login = themes.resolve("mandat/login");
		assertThat(login.resolve("template.ftl")).isRegularFile();
		assertThat(themes.resolve("mandat/email/text/executeActions.ftl")).isRegularFile();
		assertThat(themes.resolve("mandat-usagers/login/theme.properties")).content().contains("parent=mandat");
		// Every style sheet the theme names, and everything each one links to, is there.
		List<String> styles = Files.readAllLines(login.resolve("theme.properties"))
			.stream()
			.filter(line -> line.startsWith("styles="))
			.flatMap(line -> Stream.of(line.substring("styles=".length()).trim().split("\\s+")))
			.toList();
		assertThat(styles).contains("dsfr/dsfr.min.css", "css/mandat-keycloak.css");
		for (String style : styles) {
			Path css = login.resolve("resources").resolve(style);
			assertThat(css).isRegularFile();
			Matcher url = URL.matcher(Files.readString(css));
			while (url.find()) {
				String target = url.group(1).split("[?#]")[0];
				if (!target.startsWith("data:")) {
					assertThat(css.getParent().resolve(target).normalize()).as("%s in %s", target, style)
						.isRegularFile();
				}
			}
		}
		// Installing again replaces the files (nothing left over from an older theme).
		Files.writeString(login.resolve("stale.ftl"), "old");
		KeycloakThemes.install(LocalSettings.projectDir(), themes);
		assertThat(login.resolve("stale.ftl")).doesNotExist();
		try (Stream<Path> files = Files.walk(themes.resolve("mandat"))) {
			assertThat(files.filter(Files::isRegularFile).count()).isGreaterThan(1000);
		}
	}

}
