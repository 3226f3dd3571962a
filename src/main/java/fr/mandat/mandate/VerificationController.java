package fr.mandat.mandate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.structure.FrenchDates;
import fr.mandat.mandate.MandateVerification.Result;
import fr.mandat.structure.French;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The public verification page and API: anyone holding an attestation can check the
 * mandate, without signing in.
 */
@Controller
class VerificationController {

	private final MandateVerification verification;

	private final VerificationRateLimiter limiter;

	private final SharedVerificationCounts shared;

	VerificationController(MandateVerification verification, VerificationRateLimiter limiter,
			SharedVerificationCounts shared) {
		this.verification = verification;
		this.limiter = limiter;
		this.shared = shared;
	}

	/**
	 * This instance's count first (in memory: a client over the limit costs the database
	 * nothing), then the count all instances share.
	 */
	private boolean withinLimits(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		return this.limiter.tryAcquire(address) && this.shared.tryAcquire(address);
	}

	@GetMapping("/verifier")
	String form(@RequestParam(name = "mandat", required = false) @Nullable String id,
			@RequestParam(name = "empreinte", required = false) @Nullable String digest, Model model,
			HttpServletResponse response) {
		if (id == null && digest == null) {
			return "verifier/formulaire";
		}
		Optional<UUID> mandateId = parseId(id);
		String normalized = normalize(digest);
		boolean valid = true;
		if (mandateId.isEmpty()) {
			model.addAttribute("error_mandat", "Saisissez le numéro du mandat tel qu'il est imprimé (36 caractères).");
			valid = false;
		}
		if (!MandateVerification.DIGEST.matcher(normalized).matches()) {
			model.addAttribute("error_empreinte",
					"Saisissez l'empreinte imprimée sous le QR code : 64 chiffres et lettres de a à f.");
			valid = false;
		}
		if (!valid) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("mandat", (id != null) ? id.strip() : "");
			model.addAttribute("empreinte", (digest != null) ? digest.strip() : "");
			return "verifier/formulaire";
		}
		return "redirect:/verifier/" + mandateId.get() + "?empreinte=" + normalized;
	}

	@GetMapping("/verifier/{id}")
	String page(@PathVariable String id, @RequestParam(name = "empreinte", required = false) @Nullable String digest,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		if (!withinLimits(request)) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, "60");
			return "verifier/trop-de-demandes";
		}
		Optional<UUID> mandateId = parseId(id);
		String normalized = normalize(digest);
		Optional<Result> result = mandateId.isPresent() && MandateVerification.DIGEST.matcher(normalized).matches()
				? this.verification.verify(mandateId.get(), normalized) : Optional.empty();
		if (result.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			return "verifier/introuvable";
		}
		Result found = result.get();
		model.addAttribute("result", found);
		model.addAttribute("notBefore", FrenchDates.dateTime(found.notBefore()));
		model.addAttribute("notAfter", FrenchDates.dateTime(found.notAfter()));
		model.addAttribute("checkedAt", FrenchDates.dateTime(found.checkedAt()));
		model.addAttribute("revokedAt", (found.revokedAt() != null) ? FrenchDates.dateTime(found.revokedAt()) : null);
		model.addAttribute("badge", found.status().badge());
		model.addAttribute("summary", summary(found));
		model.addAttribute("theStructure", French.theStructure(found.structureName()));
		model.addAttribute("covered",
				found.categories().stream().filter(MandateVerification.Category::active).toList());
		model.addAttribute("notCovered", found.categories()
			.stream()
			.filter(c -> !c.active())
			.map(c -> c.category().label()
					+ ((c.revokedAt() != null) ? " (révoquée le " + FrenchDates.dateTime(c.revokedAt()) + ")" : ""))
			.toList());
		return "verifier/resultat";
	}

	/** The state in one sentence, as a person checking the paper needs it. */
	private static String summary(Result found) {
		String notAfter = FrenchDates.dateTime(found.notAfter());
		return switch (found.status()) {
			case ACTIVE, EXPIRING -> "Ce mandat est valable jusqu’au " + notAfter
					+ " (heure de Paris) : l’aidant peut faire pour l’usager les démarches couvertes ci-dessous.";
			case REVOKED -> "Ce mandat a été révoqué le "
					+ FrenchDates.dateTime((found.revokedAt() != null) ? found.revokedAt() : found.checkedAt())
					+ " : l’aidant ne peut plus agir pour l’usager.";
			case EXPIRED -> "Ce mandat a pris fin le " + notAfter + " : l’aidant ne peut plus agir pour l’usager.";
			case NOT_YET_VALID ->
				"Ce mandat ne sera valable qu’à partir du " + FrenchDates.dateTime(found.notBefore()) + ".";
		};
	}

	@GetMapping(path = "/api/v1/verification/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<?> api(@PathVariable String id,
			@RequestParam(name = "digest", required = false) @Nullable String digest, HttpServletRequest request) {
		if (!withinLimits(request)) {
			return problem(HttpStatus.TOO_MANY_REQUESTS, "Trop de demandes",
					"Trop de vérifications depuis cette adresse : réessayez dans une minute.", request);
		}
		Optional<UUID> mandateId = parseId(id);
		if (mandateId.isEmpty()) {
			return problem(HttpStatus.BAD_REQUEST, "Identifiant invalide", "L'identifiant du mandat doit être un UUID.",
					request);
		}
		String normalized = normalize(digest);
		if (!MandateVerification.DIGEST.matcher(normalized).matches()) {
			return problem(HttpStatus.BAD_REQUEST, "Empreinte invalide",
					"Le paramètre digest doit contenir l'empreinte SHA-256 du mandat (64 caractères hexadécimaux).",
					request);
		}
		Optional<Result> result = this.verification.verify(mandateId.get(), normalized);
		if (result.isEmpty()) {
			return problem(HttpStatus.NOT_FOUND, "Mandat introuvable",
					"Aucun mandat ne correspond à cet identifiant et à cette empreinte.", request);
		}
		Result found = result.get();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", found.id());
		body.put("status", found.status().name().toLowerCase(Locale.ROOT));
		body.put("valid", found.status().isActive());
		body.put("notBefore", found.notBefore());
		body.put("notAfter", found.notAfter());
		if (found.revokedAt() != null) {
			body.put("revokedAt", found.revokedAt());
		}
		body.put("structure", found.structureName());
		body.put("categories", found.categories().stream().map(c -> {
			Map<String, Object> category = new LinkedHashMap<>();
			category.put("code", c.category().code());
			category.put("label", c.category().label());
			category.put("active", c.active());
			return category;
		}).toList());
		if (found.renews() != null) {
			body.put("renews", found.renews());
		}
		body.put("digest", found.digest());
		body.put("jws", found.jws());
		body.put("checkedAt", found.checkedAt());
		return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.TOO_MANY_REQUESTS) {
			response.header(HttpHeaders.RETRY_AFTER, "60");
		}
		return response.body(problem);
	}

	private static Optional<UUID> parseId(@Nullable String id) {
		if (id == null || id.strip().length() != 36) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(id.strip()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static String normalize(@Nullable String digest) {
		if (digest == null || digest.length() > 200) {
			return "";
		}
		return digest.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
	}

}
