package fr.mandat.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages load the DSFR icons they use from {@code static/css/icones.css} instead of
 * the DSFR's 455 kB utility style sheet (ADR 0097): every icon a template or a Keycloak
 * theme names has its rule there, pointing at an icon file that exists, and the file
 * holds no icon nobody uses.
 */
class IconStylesTests {

	private static final Path STATIC = Path.of("src/main/resources/static");

	private static final Pattern ICON_CLASS = Pattern.compile("fr-icon-[a-z0-9]+(?:-[a-z0-9]+)*");

	private static final Pattern ICON_RULE = Pattern.compile(
			"\\.(fr-icon-[a-z0-9-]+):after,\\.\\1:before\\{-webkit-mask-image:url\\(([^)]+)\\);mask-image:url\\(\\2\\)\\}");

	@Test
	void everyIconAPageNamesHasItsRuleAndItsFile() throws IOException {
		Set<String> named = new TreeSet<>();
		named.addAll(iconsNamedUnder(Path.of("src/main/resources/templates")));
		named.addAll(iconsNamedUnder(Path.of("keycloak/themes")));
		Path styles = STATIC.resolve("css/icones.css");
		Set<String> styled = new TreeSet<>();
		Matcher rule = ICON_RULE.matcher(Files.readString(styles));
		while (rule.find()) {
			styled.add(rule.group(1));
			assertThat(styles.getParent().resolve(rule.group(2)).normalize()).as(rule.group(1)).isRegularFile();
		}

		assertThat(named).as("icons the pages name").isNotEmpty();
		assertThat(styled).as("icons with a rule in css/icones.css").containsExactlyElementsOf(named);
	}

	@Test
	void thePagesNoLongerLoadTheWholeUtilityStyleSheet() throws IOException {
		for (Path page : Set.of(Path.of("src/main/resources/templates/fragments/layout.html"),
				Path.of("keycloak/themes/mandat/login/theme.properties"))) {
			assertThat(Files.readString(page)).as(page.toString()).doesNotContain("utility.min.css");
		}
		assertThat(Files.readString(Path.of("src/main/resources/templates/fragments/layout.html")))
			.contains("@{/css/icones.css}");
	}

	private static Set<String> iconsNamedUnder(Path root) throws IOException {
		Set<String> icons = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile)
				.filter(f -> f.toString().endsWith(".html") || f.toString().endsWith(".ftl")
						|| f.toString().endsWith(".properties"))
				.toList()) {
				Matcher icon = ICON_CLASS.matcher(Files.readString(file));
				while (icon.find()) {
					icons.add(icon.group());
				}
			}
		}
		return icons;
	}

}
