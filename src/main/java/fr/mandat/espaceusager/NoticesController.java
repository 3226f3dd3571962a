package fr.mandat.espaceusager;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The usager's notices page, and their choice to receive the notices by e-mail as well
 * (opt-in, with consent; stopped in one click). Every change redirects (PRG) and can be
 * repeated without effect.
 */
@Controller
class NoticesController {

	static final int EMAIL_MAX_LENGTH = 254;

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private final UsagerSessions sessions;

	private final UsagerSpaceView view;

	private final NoticeSubscriptions subscriptions;

	NoticesController(UsagerSessions sessions, UsagerSpaceView view, NoticeSubscriptions subscriptions) {
		this.sessions = sessions;
		this.view = view;
		this.subscriptions = subscriptions;
	}

	@GetMapping("/mon-espace/avis")
	String notices(@AuthenticationPrincipal OidcUser user,
			@RequestParam(name = "courriel", required = false) @Nullable String done, Model model) {
		SignedInUsager usager = this.sessions.of(user);
		if ("enregistre".equals(done)) {
			model.addAttribute("confirmation", "C’est enregistré : vous recevrez vos prochains avis par courriel.");
		}
		else if ("arrete".equals(done)) {
			model.addAttribute("confirmation", "C’est fait : vous ne recevrez plus d’avis par courriel.");
		}
		return page(usager, model, null);
	}

	@PostMapping("/mon-espace/avis/courriel")
	String subscribe(@AuthenticationPrincipal OidcUser user,
			@RequestParam(name = "courriel", required = false) @Nullable String email,
			@RequestParam(name = "consentement", required = false) @Nullable String consent, Model model,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		String address = (email == null) ? "" : email.strip();
		String emailError = null;
		if (address.isEmpty()) {
			emailError = "Saisissez votre adresse électronique.";
		}
		else if (address.length() > EMAIL_MAX_LENGTH || !EMAIL.matcher(address).matches()) {
			emailError = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.";
		}
		String consentError = "oui".equals(consent) ? null
				: "Cochez la case pour accepter de recevoir vos avis par courriel.";
		if (emailError != null || consentError != null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("emailError", emailError);
			model.addAttribute("consentError", consentError);
			return page(usager, model, address);
		}
		this.subscriptions.subscribe(usager.pseudonym(), address.toLowerCase(Locale.ROOT));
		return "redirect:/mon-espace/avis?courriel=enregistre";
	}

	@PostMapping("/mon-espace/avis/courriel/arret")
	String unsubscribe(@AuthenticationPrincipal OidcUser user) {
		this.subscriptions.unsubscribe(this.sessions.of(user).pseudonym());
		return "redirect:/mon-espace/avis?courriel=arrete";
	}

	private String page(SignedInUsager usager, Model model, @Nullable String typed) {
		model.addAttribute("usagerName", usager.displayName());
		model.addAttribute("notices", this.view.notices(usager));
		String subscribed = this.subscriptions.email(usager.pseudonym()).orElse(null);
		model.addAttribute("subscribedEmail", subscribed);
		model.addAttribute("typedEmail", (typed != null) ? typed : (subscribed != null) ? subscribed : "");
		return "espace/avis";
	}

}
