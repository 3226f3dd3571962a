package fr.mandat.local.partnersite;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fr.mandat.structure.DemarcheCategory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The demo partner site's two pages: the home page with « Se connecter avec Mandat », and
 * what the site was told after the sign-in: whom it serves (the usager's identifier for
 * this site, nothing else about them), who acts (the aidant and the structure), under
 * which mandate and for which démarche categories.
 */
final class PartnerSiteController {

	static final String ACCOUNT = "/compte";

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private static final DateTimeFormatter FRENCH_TIME = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'à' HH'h'mm ss 's'", Locale.FRENCH)
		.withZone(ZoneId.of("Europe/Paris"));

	ServerResponse home(ServerRequest request) {
		boolean signedOut = request.param("deconnecte").isPresent();
		boolean error = request.param("erreur").isPresent();
		boolean endedByMandat = request.param("fin-par-mandat").isPresent();
		OidcUser user = user(request);
		StringBuilder body = new StringBuilder();
		body.append("<h1>Bienvenue sur le ").append(DemoPartnerSite.NAME).append("</h1>");
		if (signedOut) {
			body.append("<p class=\"info\" id=\"deconnecte\" role=\"status\">Vous êtes déconnecté du portail. ")
				.append("Votre session Mandat, elle, reste ouverte.</p>");
		}
		if (endedByMandat) {
			body.append("<p class=\"info\" id=\"fin-par-mandat\" role=\"status\">Mandat a mis fin à votre session ")
				.append("sur le portail : le mandat ne permet plus d’agir ici pour cet usager (révoqué, arrivé à ")
				.append("son terme, ou votre habilitation a pris fin).</p>");
		}
		if (error) {
			body.append("<p class=\"erreur\" id=\"erreur\" role=\"alert\">La connexion avec Mandat n’a pas abouti : ")
				.append("aucun usager n’a été transmis au portail. Vous pouvez réessayer.</p>");
		}
		if (user != null) {
			body.append("<p>Vous êtes connecté pour un usager. <a href=\"")
				.append(ACCOUNT)
				.append("\">Voir ce que le portail sait</a></p>");
		}
		else {
			body.append("<p>Aidant ou aidante numérique ? Connectez-vous avec votre compte Mandat ")
				.append("pour un usager dont vous détenez un mandat : le portail saura qui agit, pour qui, ")
				.append("et pour quelles démarches.</p>")
				.append("<p><a class=\"bouton\" id=\"se-connecter\" href=\"")
				.append(PartnerSiteConfiguration.SIGN_IN)
				.append("\">Se connecter avec Mandat</a></p>");
		}
		return page("Accueil", body.toString());
	}

	ServerResponse account(ServerRequest request) {
		OidcUser user = user(request);
		if (user == null) {
			return ServerResponse.status(303).location(java.net.URI.create("/")).build();
		}
		Map<String, Object> actor = user.getClaimAsMap("act");
		StringBuilder body = new StringBuilder("<h1>Vous êtes connecté pour un usager</h1>");
		body.append("<section aria-labelledby=\"pour-qui\"><h2 id=\"pour-qui\">Pour qui : l’usager</h2><dl>")
			.append(item("Identifiant de l’usager pour ce portail (sub)", "usager-sub", user.getSubject()))
			.append("<dt>Ce que le portail sait de lui</dt><dd id=\"ce-que-sait-le-portail\">Cet identifiant, ")
			.append("et rien d’autre : ni nom, ni date de naissance. Il est propre à ce portail : un autre site ")
			.append("partenaire reçoit un autre identifiant pour la même personne.</dd></dl></section>");
		body.append("<section aria-labelledby=\"qui-agit\"><h2 id=\"qui-agit\">Qui agit : l’aidant (act)</h2><dl>")
			.append(item("Aidant", "aidant", text(actor, "sub")))
			.append(item("Structure", "structure", text(actor, "structure")))
			.append(item("Niveau de connexion de l’aidant (acr)", "acr", String.valueOf(user.getClaims().get("acr"))))
			.append("</dl></section>");
		body.append(
				"<section aria-labelledby=\"sous-quel-mandat\"><h2 id=\"sous-quel-mandat\">Sous quel mandat</h2><dl>")
			.append(item("Mandat", "mandat", user.getClaimAsString("mandate_id")))
			.append("<dt>Démarches autorisées (authorization_details)</dt><dd><ul id=\"categories\">");
		for (String code : categories(user)) {
			String label = DemarcheCategory.fromCode(code).map(DemarcheCategory::label).orElse(code);
			body.append("<li data-code=\"")
				.append(escape(code))
				.append("\">")
				.append(escape(label))
				.append(" (<code>")
				.append(escape(code))
				.append("</code>)</li>");
		}
		body.append("</ul></dd></dl></section>");
		body.append("<section aria-labelledby=\"jeton\"><h2 id=\"jeton\">Le jeton d’identité reçu</h2><dl>")
			.append(item("Émis par", "emetteur", String.valueOf(user.getIssuer())))
			.append(item("Émis le", "emis-le", time(user.getIssuedAt())))
			.append(item("Valable jusqu’au", "expire-le", time(user.getExpiresAt())))
			.append("</dl></section>");
		CsrfToken csrf = (CsrfToken) request.servletRequest().getAttribute(CsrfToken.class.getName());
		body.append("<form method=\"post\" action=\"/deconnexion\">");
		if (csrf != null) {
			body.append("<input type=\"hidden\" name=\"")
				.append(escape(csrf.getParameterName()))
				.append("\" value=\"")
				.append(escape(csrf.getToken()))
				.append("\">");
		}
		body.append("<button type=\"submit\" class=\"bouton\" id=\"se-deconnecter\">Se déconnecter du portail</button>")
			.append("</form>");
		return page("Connecté pour un usager", body.toString());
	}

	private static @Nullable OidcUser user(ServerRequest request) {
		return request.principal()
			.filter(OAuth2AuthenticationToken.class::isInstance)
			.map(principal -> ((OAuth2AuthenticationToken) principal).getPrincipal())
			.filter(OidcUser.class::isInstance)
			.map(OidcUser.class::cast)
			.orElse(null);
	}

	private static List<String> categories(OidcUser user) {
		Object details = user.getClaims().get("authorization_details");
		if (!(details instanceof List<?> list)) {
			return List.of();
		}
		return list.stream()
			.filter(Map.class::isInstance)
			.map(Map.class::cast)
			.filter(detail -> "mandat".equals(detail.get("type")))
			.flatMap(detail -> (detail.get("categories") instanceof List<?> codes) ? codes.stream()
					: java.util.stream.Stream.empty())
			.map(String::valueOf)
			.toList();
	}

	private static String text(@Nullable Map<String, Object> map, String key) {
		return (map == null || map.get(key) == null) ? "—" : String.valueOf(map.get(key));
	}

	private static String time(@Nullable Instant instant) {
		return (instant == null) ? "—" : FRENCH_TIME.format(instant);
	}

	private static String item(String label, String id, @Nullable String value) {
		return "<dt>" + escape(label) + "</dt><dd><code id=\"" + id + "\">" + escape((value == null) ? "—" : value)
				+ "</code></dd>";
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

	private static ServerResponse page(String title, String body) {
		return ServerResponse.ok().contentType(HTML).body("""
				<!DOCTYPE html>
				<html lang="fr">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s – %s</title>
				<style>
				body { font-family: system-ui, sans-serif; margin: 0; color: #161616; line-height: 1.5; }
				header { background: #1d3557; color: #fff; padding: 0.75rem 1rem; }
				.simule { background: #ffe9a8; color: #3b2f00; margin: 0; padding: 0.5rem 1rem; }
				.nom { font-size: 1.25rem; font-weight: bold; margin: 0; }
				main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
				code { overflow-wrap: anywhere; word-break: break-all; }
				dt { font-weight: bold; margin-top: 0.5rem; }
				dd { margin-left: 0; }
				.bouton { display: inline-block; background: #000091; color: #fff; border: 0; padding: 0.5rem 1rem;
				  font-size: 1rem; text-decoration: none; cursor: pointer; }
				.bouton:focus { outline: 3px solid #0a76f6; outline-offset: 2px; }
				.erreur { color: #ce0500; }
				</style>
				</head>
				<body>
				<p class="simule">Site de démonstration : il simule le portail d’un partenaire de Mandat.
				Ce n’est pas le site de la CAF.</p>
				<header><p class="nom">%s</p></header>
				<main>
				%s
				</main>
				</body>
				</html>
				""".formatted(escape(title), DemoPartnerSite.NAME, DemoPartnerSite.NAME, body));
	}

}
