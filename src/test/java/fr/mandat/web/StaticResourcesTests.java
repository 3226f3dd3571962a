package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Style sheets, scripts, fonts and icons carry a hash of their content in their name and
 * may be kept by the browser for a year (ADR 0098); pages themselves are never stored.
 */
@MandatIntegrationTest
class StaticResourcesTests {

	private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"(/(?:dsfr|css|js)/[^\"]+)\"");

	private static final Pattern CSS_URL = Pattern.compile("url\\(\"?([^)\"]+)\"?\\)");

	private static final Pattern VERSIONED = Pattern.compile(".*-[0-9a-f]{32}\\.[a-z0-9]+");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aPageLinksItsResourcesByContentAndTheBrowserKeepsThemAYear() throws Exception {
		HttpResponse<String> page = get("/deconnexion");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control"))
			.hasValueSatisfying(value -> assertThat(value).as("the page itself is never stored").contains("no-store"));

		List<String> linked = matches(LINKED, page.body());
		assertThat(linked).as("style sheets, scripts and icons of the layout")
			.anyMatch(path -> path.startsWith("/dsfr/dsfr.min-"))
			.anyMatch(path -> path.startsWith("/css/mandat-"))
			.anyMatch(path -> path.startsWith("/css/icones-"))
			.anyMatch(path -> path.startsWith("/dsfr/dsfr.module.min-"))
			.allSatisfy(path -> assertThat(path).matches(VERSIONED));
		for (String path : linked) {
			HttpResponse<String> resource = get(path);
			assertThat(resource.statusCode()).as(path).isEqualTo(200);
			assertThat(resource.headers().firstValue("Cache-Control")).as(path)
				.hasValueSatisfying(value -> assertThat(value).contains("max-age=31536000")
					.contains("public")
					.doesNotContain("no-store"));
		}
	}

	@Test
	void theFontsAndIconsAStyleSheetNamesAreVersionedToo() throws Exception {
		String sheet = matches(LINKED, get("/deconnexion").body()).stream()
			.filter(path -> path.startsWith("/css/icones-"))
			.findFirst()
			.orElseThrow();
		List<String> urls = matches(CSS_URL, get(sheet).body());

		assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).matches(VERSIONED));
		String icon = URI.create(BASE_URL + sheet).resolve(urls.get(0)).getPath();
		HttpResponse<String> svg = get(icon);
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(svg.body()).contains("<svg");
	}

	@Test
	void aChangedOrUnknownVersionIsNotFound() throws Exception {
		HttpResponse<String> stale = get("/css/mandat-00000000000000000000000000000000.css");

		assertThat(stale.statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(BASE_URL + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> matches(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

}
