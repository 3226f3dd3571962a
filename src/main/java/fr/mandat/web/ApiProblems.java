package fr.mandat.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem details of the API's errors, in French: a title and a detail that
 * say what to do, never the exception's text.
 */
public final class ApiProblems {

	private ApiProblems() {
	}

	/** Whether a path belongs to the JSON API. */
	public static boolean isApi(@Nullable String path) {
		return path != null && (path.equals("/api") || path.startsWith("/api/"));
	}

	/** A problem with its French title and detail. */
	public static ProblemDetail of(HttpStatusCode status, String title, String detail, @Nullable String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		if (path != null) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// A path that is not a valid URI reference is left out.
			}
		}
		return problem;
	}

	/** The generic problem for a status, when nothing more precise is known. */
	public static ProblemDetail forStatus(HttpStatusCode status, @Nullable String path) {
		int code = status.value();
		return switch (code) {
			case 400 -> of(status, "Requête invalide",
					"La requête est mal formée ; vérifiez l'adresse, les paramètres et le corps.", path);
			case 401 -> of(status, "Authentification requise",
					"Cette adresse demande un jeton d'accès valide (en-tête Authorization: Bearer).", path);
			case 403 -> of(status, "Accès refusé", "Votre compte n'a pas le droit d'utiliser cette adresse.", path);
			case 404 -> of(status, "Introuvable", "Aucune ressource ne correspond à cette adresse.", path);
			case 405 -> of(status, "Méthode non permise", "Cette adresse n'accepte pas cette méthode HTTP.", path);
			case 406 -> of(status, "Format de réponse indisponible",
					"Cette adresse répond en JSON (Accept: application/json).", path);
			case 413 ->
				of(status, "Corps trop volumineux", "Le corps de la requête dépasse la taille permise (64 Kio).", path);
			case 415 -> of(status, "Type de contenu non pris en charge",
					"Envoyez le corps en JSON, avec l'en-tête Content-Type: application/json.", path);
			case 429 -> of(status, "Trop de demandes", "Trop de demandes : réessayez dans une minute.", path);
			case 503 -> of(status, "Service momentanément indisponible",
					"Le service est momentanément indisponible : la demande n'a pas pu être traitée. Réessayez après le délai indiqué par l'en-tête Retry-After.",
					path);
			default -> (code >= 500)
					? of(status, "Erreur interne",
							"Une erreur inattendue est survenue de notre côté ; réessayez plus tard.", path)
					: of(status, status.is4xxClientError() ? "Requête refusée" : "Erreur",
							"La requête n'a pas pu être traitée.", path);
		};
	}

	/** The problem for a request, its path taken from the request itself. */
	public static ProblemDetail forStatus(HttpStatusCode status, HttpServletRequest request) {
		return forStatus(status, request.getRequestURI());
	}

}
