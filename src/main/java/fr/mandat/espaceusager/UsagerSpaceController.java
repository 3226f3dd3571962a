package fr.mandat.espaceusager;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import fr.mandat.journal.ActionLabels;
import fr.mandat.journal.UsagerJournal;
import fr.mandat.journal.UsagerJournal.Receipt;
import fr.mandat.mandate.UsagerMandates;
import fr.mandat.mandate.UsagerMandates.Category;
import fr.mandat.mandate.UsagerMandates.SelfRevocation;
import fr.mandat.mandate.UsagerMandates.UsagerMandate;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The usager's own pages: their mandates, the démarches done for them, their journal
 * entries with receipts, and revocation. Everything is looked up through the signed-in
 * usager's pseudonym; another usager's mandate, revocation or entry is « introuvable »
 * (404), exactly like one that does not exist.
 */
@Controller
class UsagerSpaceController {

	private static final String NOT_FOUND = "espace/introuvable";

	private final UsagerSessions sessions;

	private final UsagerSpaceView view;

	private final UsagerMandates mandates;

	private final UsagerJournal journal;

	UsagerSpaceController(UsagerSessions sessions, UsagerSpaceView view, UsagerMandates mandates,
			UsagerJournal journal) {
		this.sessions = sessions;
		this.view = view;
		this.mandates = mandates;
		this.journal = journal;
	}

	@GetMapping("/mon-espace")
	String home(@AuthenticationPrincipal OidcUser user, Model model) {
		SignedInUsager usager = this.sessions.of(user);
		model.addAttribute("usagerName", usager.displayName());
		Optional<Instant> erased = this.sessions.erasedAt(usager);
		if (erased.isPresent()) {
			model.addAttribute("erasedAt", Dates.date(erased.get()));
			return "espace/efface";
		}
		model.addAttribute("space", this.view.of(usager));
		return "espace/accueil";
	}

	@GetMapping("/mon-espace/mandats/{id}/attestation.pdf")
	ResponseEntity<byte[]> attestation(@AuthenticationPrincipal OidcUser user, @PathVariable UUID id) {
		return pdf(this.mandates.attestation(id, this.sessions.of(user).pseudonym()), "attestation-mandat-" + id);
	}

	@GetMapping("/mon-espace/revocations/{id}/attestation.pdf")
	ResponseEntity<byte[]> revocationAttestation(@AuthenticationPrincipal OidcUser user, @PathVariable UUID id) {
		return pdf(this.mandates.revocationAttestation(id, this.sessions.of(user).pseudonym()),
				"revocation-mandat-" + id);
	}

	@GetMapping("/mon-espace/mandats/{id}/revocation")
	String confirmRevocation(@AuthenticationPrincipal OidcUser user, @PathVariable UUID id,
			@RequestParam(name = "categorie", required = false) @Nullable String category, Model model,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		Optional<UsagerMandate> mandate = this.view.mandate(id, usager);
		if (mandate.isEmpty()) {
			return notFound(model, usager, response);
		}
		return revocationForm(model, usager, mandate.get(), category, UUID.randomUUID(), null);
	}

	@PostMapping("/mon-espace/mandats/{id}/revocation")
	String revoke(@AuthenticationPrincipal OidcUser user, @PathVariable UUID id,
			@RequestParam(name = "categorie", required = false) @Nullable String category,
			@RequestParam(name = "cle", required = false) @Nullable UUID key, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		Optional<UsagerMandate> mandate = this.view.mandate(id, usager);
		if (mandate.isEmpty()) {
			return notFound(model, usager, response);
		}
		if (key == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return revocationForm(model, usager, mandate.get(), category, UUID.randomUUID(),
					"Le formulaire est incomplet : recommencez depuis votre espace.");
		}
		List<String> categories = (category == null || category.isBlank()) ? List.of() : List.of(category);
		if (!this.sessions.authenticatedRecently(usager)) {
			request.getSession()
				.setAttribute(PendingRevocation.ATTRIBUTE,
						new PendingRevocation(id, categories, key, usager.pseudonym(), this.sessions.now()));
			return "redirect:" + UsagerSpaceSecurity.SIGN_IN_PATH + "?" + UsagerSpaceSecurity.FRESH_PARAMETER;
		}
		return carryOut(id, categories, key, usager, model, request, response);
	}

	/**
	 * Back from a fresh authentication asked for a revocation: the revocation is carried
	 * out now, once (the pending request is taken from the session first).
	 */
	@GetMapping("/mon-espace/revocations/reprise")
	String resume(@AuthenticationPrincipal OidcUser user, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PendingRevocation.ATTRIBUTE) instanceof PendingRevocation pending)
				|| !pending.pseudonym().equals(usager.pseudonym())) {
			return "redirect:/mon-espace";
		}
		session.removeAttribute(PendingRevocation.ATTRIBUTE);
		if (!this.sessions.authenticatedRecently(usager)) {
			model.addAttribute("usagerName", usager.displayName());
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return "espace/non-confirme";
		}
		return carryOut(pending.mandateId(), pending.categories(), pending.requestKey(), usager, model, request,
				response);
	}

	@GetMapping("/mon-espace/revocations/{id}")
	String revocationDone(@AuthenticationPrincipal OidcUser user, @PathVariable UUID id, Model model,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		Optional<UsagerSpaceView.RevocationPage> page = this.view.revocation(id, usager);
		if (page.isEmpty()) {
			return notFound(model, usager, response);
		}
		model.addAttribute("usagerName", usager.displayName());
		model.addAttribute("page", page.get());
		return "espace/revocation-faite";
	}

	@GetMapping("/mon-espace/recus/{entry}")
	String receipt(@AuthenticationPrincipal OidcUser user, @PathVariable UUID entry, Model model,
			HttpServletResponse response) {
		SignedInUsager usager = this.sessions.of(user);
		Optional<Receipt> receipt = this.journal.receipt(entry, usager.pseudonym());
		if (receipt.isEmpty()) {
			return notFound(model, usager, response);
		}
		model.addAttribute("usagerName", usager.displayName());
		model.addAttribute("receipt", receipt.get());
		model.addAttribute("action", ActionLabels.of(receipt.get().entry().action().name()));
		model.addAttribute("recordedAt", Dates.dateTime(receipt.get().entry().recordedAt()));
		return "espace/recu";
	}

	@GetMapping("/mon-espace/recus/{entry}/recu.tlog-proof")
	ResponseEntity<String> receiptFile(@AuthenticationPrincipal OidcUser user, @PathVariable UUID entry) {
		Optional<String> proof = this.journal.receipt(entry, this.sessions.of(user).pseudonym()).map(Receipt::proof);
		if (proof.isEmpty()) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("recu-" + entry + ".tlog-proof").build().toString())
			.body(proof.get());
	}

	@GetMapping("/mon-espace/deconnexion-faite")
	String signedOut() {
		return "espace/deconnexion-faite";
	}

	@GetMapping("/mon-espace/connexion-refusee")
	String signInRefused(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		return "espace/connexion-refusee";
	}

	private String carryOut(UUID mandateId, List<String> categories, UUID key, SignedInUsager usager, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		URI base = ServletUriComponentsBuilder.fromContextPath(request).build().toUri();
		SelfRevocation outcome = this.mandates.revoke(mandateId, categories, usager.pseudonym(), key, base);
		if (outcome instanceof UsagerMandates.Revoked revoked) {
			return "redirect:/mon-espace/revocations/" + revoked.revocationId();
		}
		Optional<UsagerMandate> mandate = this.view.mandate(mandateId, usager);
		if (outcome instanceof UsagerMandates.Refused refused && mandate.isPresent()) {
			response.setStatus(HttpServletResponse.SC_CONFLICT);
			return revocationForm(model, usager, mandate.get(), categories.isEmpty() ? null : categories.get(0),
					UUID.randomUUID(), refused.message());
		}
		return notFound(model, usager, response);
	}

	private String revocationForm(Model model, SignedInUsager usager, UsagerMandate mandate, @Nullable String category,
			UUID key, @Nullable String error) {
		Category chosen = (category == null) ? null
				: mandate.categories().stream().filter(c -> c.code().equals(category)).findFirst().orElse(null);
		model.addAttribute("usagerName", usager.displayName());
		model.addAttribute("mandate", mandate);
		model.addAttribute("category", chosen);
		model.addAttribute("revocable", mandate.revocable());
		model.addAttribute("key", key);
		model.addAttribute("error", (error == null && category != null && chosen == null)
				? "Ce mandat ne comporte pas cette catégorie de démarches." : error);
		model.addAttribute("notBefore", Dates.dateTime(mandate.notBefore()));
		model.addAttribute("notAfter", Dates.dateTime(mandate.notAfter()));
		return "espace/revocation";
	}

	private String notFound(Model model, SignedInUsager usager, HttpServletResponse response) {
		model.addAttribute("usagerName", usager.displayName());
		response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		return NOT_FOUND;
	}

	private static ResponseEntity<byte[]> pdf(Optional<byte[]> document, String name) {
		return document
			.map(bytes -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_PDF)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(name + ".pdf").build().toString())
				.body(bytes))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

}
