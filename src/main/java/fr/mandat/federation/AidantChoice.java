package fr.mandat.federation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import fr.mandat.federation.PartnerSignIns.Refusal;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The aidant's answer on the choice page, sent to the authorization endpoint (the consent
 * step of Spring Authorization Server): the usager's mandate ({@value #MANDATE}) is
 * checked and kept, or the consent is refused and the aidant sees why, in French
 * ({@link PartnerSignInController#REFUSAL_PATH}). The server does not check CSRF on its
 * endpoints; this step does, with the staff pages' token, since it acts for the aidant.
 */
final class AidantChoice implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

	/** The form field holding the chosen mandate. */
	static final String MANDATE = "mandat";

	private static final String REFUSED = AidantChoice.class.getName() + ".refused";

	private final PartnerSites sites;

	private final PartnerSignIns signIns;

	private final CurrentStaff currentStaff;

	private final PartnerStatuses statuses;

	private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();

	private final XorCsrfTokenRequestAttributeHandler csrfValues = new XorCsrfTokenRequestAttributeHandler();

	AidantChoice(PartnerSites sites, PartnerSignIns signIns, CurrentStaff currentStaff, PartnerStatuses statuses) {
		this.statuses = statuses;
		this.sites = sites;
		this.signIns = signIns;
		this.currentStaff = currentStaff;
	}

	@Override
	public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		Optional<Refusal> refusal = decide(context, request);
		if (refusal.isPresent()) {
			// No authority: the server refuses the consent and forgets the authorization.
			context.getAuthorizationConsent().authorities(authorities -> authorities.clear());
			refuse(request, refusal.get());
		}
	}

	/** The refusal the aidant will read, in French, instead of the partner's error. */
	static void refuse(HttpServletRequest request, Refusal refusal) {
		request.setAttribute(REFUSED, refusal);
	}

	private Optional<Refusal> decide(OAuth2AuthorizationConsentAuthenticationContext context,
			HttpServletRequest request) {
		if (!csrfTokenMatches(request)) {
			return Optional.of(new Refusal("csrf", "Ce formulaire a expiré : recommencez depuis le site partenaire."));
		}
		OAuth2AuthorizationConsentAuthenticationToken consent = context.getAuthentication();
		Authentication principal = (consent.getPrincipal() instanceof Authentication p) ? p : null;
		AidantAtWork aidant;
		try {
			aidant = this.currentStaff.aidant(principal, null);
		}
		catch (AccessDeniedException ex) {
			return Optional.of(new Refusal("not-an-aidant",
					"Seul un aidant habilité de votre structure peut se connecter pour un usager."));
		}
		PartnerSites.Site site = this.sites.find(context.getRegisteredClient().getClientId()).orElse(null);
		if (site == null) {
			return Optional.of(new Refusal("unknown-partner", "Ce site partenaire n’est pas connu de Mandat."));
		}
		if (!this.statuses.enabled(site.client().getClientId())) {
			return Optional.of(new Refusal("partner-disabled", "Le site « " + site.name()
					+ " » est désactivé dans Mandat : vous ne pouvez pas vous y connecter pour un usager."));
		}
		Object mandate = consent.getAdditionalParameters().get(MANDATE);
		return this.signIns.choose(context.getAuthorization().getId(), site, aidant, signIn(principal),
				(mandate instanceof String value) ? value : "");
	}

	/** How the aidant signed in to Mandat (their Keycloak ID token), for the partner. */
	private static PartnerSignIns.AidantSignIn signIn(@Nullable Authentication principal) {
		if (principal != null && principal.getPrincipal() instanceof OidcUser user) {
			Object acr = user.getIdToken().getClaims().get("acr");
			return new PartnerSignIns.AidantSignIn((acr != null) ? acr.toString() : null,
					user.getIdToken().getAuthenticatedAt());
		}
		return new PartnerSignIns.AidantSignIn(null, null);
	}

	private boolean csrfTokenMatches(HttpServletRequest request) {
		CsrfToken expected = this.csrfTokens.loadToken(request);
		if (expected == null) {
			return false;
		}
		String sent = this.csrfValues.resolveCsrfTokenValue(request, expected);
		return sent != null && java.security.MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
				expected.getToken().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Errors of the authorization endpoint: a refused choice is shown to the aidant in
	 * French; a request with a known redirect address gets the error there (RFC 6749
	 * §4.1.2.1); anything else is a French error page, never the client's address.
	 */
	static AuthenticationFailureHandler errors() {
		return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
			if (request.getAttribute(REFUSED) instanceof Refusal refusal) {
				request.getSession().setAttribute(PartnerSignInController.REFUSAL_ATTRIBUTE, refusal.message());
				response.sendRedirect(request.getContextPath() + PartnerSignInController.REFUSAL_PATH);
				return;
			}
			if (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException failure
					&& failure.getAuthorizationCodeRequestAuthentication() != null
					&& failure.getAuthorizationCodeRequestAuthentication().getRedirectUri() != null) {
				redirectToClient(response, failure.getError(), failure.getAuthorizationCodeRequestAuthentication());
				return;
			}
			response.sendError(HttpStatus.BAD_REQUEST.value());
		};
	}

	private static void redirectToClient(HttpServletResponse response, OAuth2Error error,
			OAuth2AuthorizationCodeRequestAuthenticationToken request) throws IOException {
		String redirectUri = request.getRedirectUri();
		if (redirectUri == null) {
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		UriComponentsBuilder address = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (request.getState() != null) {
			address.queryParam(OAuth2ParameterNames.STATE, UriUtils.encode(request.getState(), StandardCharsets.UTF_8));
		}
		response.sendRedirect(address.build(true).toUriString());
	}

}
