package fr.mandat.demarche;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.mandat.demarche.DemarcheExecutions.Result;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.identity.TokenStepUp;

/**
 * Démarches for tools (bearer token of an aidant): the catalogue, carrying one out for a
 * usager under a mandate, and reading an execution's state. Refusals are RFC 9457 problem
 * details in French.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Démarches", description = "Démarches faites chez les partenaires au nom d'un usager, sous mandat")
class DemarcheApiController {

	/** Names the structure the aidant acts for, when they belong to several. */
	static final String STRUCTURE_HEADER = "Mandat-Structure";

	private final DemarcheCatalogue catalogue;

	private final DemarcheExecutions executions;

	private final CurrentStaff currentStaff;

	private final JdbcClient jdbc;

	private final TokenStepUp tokenStepUp;

	DemarcheApiController(DemarcheCatalogue catalogue, DemarcheExecutions executions, CurrentStaff currentStaff,
			JdbcClient jdbc, TokenStepUp tokenStepUp) {
		this.catalogue = catalogue;
		this.executions = executions;
		this.currentStaff = currentStaff;
		this.jdbc = jdbc;
		this.tokenStepUp = tokenStepUp;
	}

	@GetMapping("/demarches")
	@Operation(summary = "Le catalogue des démarches et leurs champs")
	List<DemarcheView> catalogue() {
		return this.catalogue.demarches()
			.stream()
			.map(d -> new DemarcheView(d.id(), d.label(), d.description(), d.category().code(),
					this.catalogue.partnerOf(d).label(),
					d.form()
						.fields()
						.stream()
						.map(f -> new FieldView(f.name(), f.label(), f.hint(), f.example(), f.required()))
						.toList()))
			.toList();
	}

	@PostMapping("/mandats/{mandat}/demarches/{demarche}")
	@Operation(summary = "Faire une démarche pour l'usager du mandat",
			description = "Le corps est un objet JSON des champs de la démarche (voir le catalogue). Mandat vérifie "
					+ "à cet instant l'habilitation de l'aidant, les catégories de la structure et le mandat.")
	@ApiResponse(responseCode = "201",
			description = "Démarche transmise (statut ACCEPTED, REFUSED par le partenaire, NOT_SENT ou UNKNOWN)")
	@ApiResponse(responseCode = "403",
			description = "Refusée par Mandat (mandat absent, expiré, révoqué, catégorie…, ou confirmation "
					+ "d'identité nécessaire : reason step-up-required)")
	@ApiResponse(responseCode = "422", description = "Champs invalides, avec un message par champ")
	@ApiResponse(responseCode = "404", description = "Démarche inconnue")
	ResponseEntity<?> execute(Authentication authentication, @PathVariable UUID mandat, @PathVariable String demarche,
			@RequestHeader(name = STRUCTURE_HEADER, required = false) @Nullable UUID structureId,
			@RequestHeader(name = PartnerClient.IDEMPOTENCY_KEY, required = false) @Nullable UUID idempotencyKey,
			@RequestBody Map<String, Object> body) {
		AidantAtWork counter = this.currentStaff.aidant(authentication, structureId);
		Demarche found = this.catalogue.demarche(demarche).orElse(null);
		if (found == null) {
			return problem(HttpStatus.NOT_FOUND, "Démarche inconnue", "Aucune démarche ne porte cet identifiant.",
					Map.of());
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, Object> entry : body.entrySet()) {
			Object value = entry.getValue();
			if (value instanceof String || value instanceof Number) {
				String text = value.toString();
				values.put(entry.getKey(), (text.length() > DemarcheRequests.MAX_VALUE)
						? text.substring(0, DemarcheRequests.MAX_VALUE) : text);
			}
		}
		UUID key = (idempotencyKey != null) ? idempotencyKey : UUID.randomUUID();
		if (found.category() == DemarcheCategory.ARGENT
				&& this.executions.submission(key, counter.structure().id()).isEmpty()) {
			// Invalid input is said first: a confirmation is not spent on a démarche that
			// could not be sent.
			Map<String, String> errors = this.executions.validate(counter.member().aidantId(), counter.structure().id(),
					mandat, found, values);
			if (!errors.isEmpty()) {
				return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Saisie invalide",
						"Certains champs de la démarche sont invalides.", Map.of("errors", errors));
			}
			Optional<Result.Refused> refused = this.executions.refusalBeforeConfirmation(counter.member().aidantId(),
					counter.structure().id(), mandat, found);
			if (refused.isPresent()) {
				return problem(HttpStatus.FORBIDDEN, "Démarche refusée", refused.get().message(),
						Map.of("reason", refused.get().reason()));
			}
			Optional<String> notConfirmed = this.tokenStepUp.consume(authentication, counter.member().aidantId(),
					DemarcheRequests.EXECUTE);
			if (notConfirmed.isPresent()) {
				this.executions.refuseUnconfirmed(counter.member().aidantId(), counter.structure().id(), mandat, found,
						notConfirmed.get());
				return problem(HttpStatus.FORBIDDEN, "Confirmation d'identité nécessaire",
						"Les démarches « " + found.category().label() + " » demandent une confirmation récente de "
								+ "votre identité : obtenez un jeton avec un nouveau code à usage unique "
								+ "(acr_values=otp), de moins de 5 minutes, et utilisez-le pour cette seule démarche.",
						Map.of("reason", "step-up-required"));
			}
		}
		Result result = this.executions.execute(key, counter.member().aidantId(), counter.structure().id(), mandat,
				found, values, false);
		if (result instanceof Result.Existing existing) {
			// The same request again (a retry after a lost answer): the first one's
			// result.
			if (!existing.ownedByCaller()) {
				return problem(HttpStatus.CONFLICT, "Clé déjà utilisée",
						"Cette clé d'idempotence a déjà servi pour une autre démarche : choisissez-en une nouvelle.",
						Map.of());
			}
			return this.executions.submission(key, counter.structure().id())
				.<ResponseEntity<?>>map(submission -> (submission.result() instanceof Result.Refused refused)
						? problem(HttpStatus.FORBIDDEN, "Démarche refusée", refused.message(),
								Map.of("reason", refused.reason()))
						: ResponseEntity.ok()
							.location(URI.create("/api/v1/executions/" + key))
							.body(view(key, found, (Result.Done) submission.result())))
				.orElseGet(() -> problem(HttpStatus.CONFLICT, "Clé déjà utilisée",
						"Cette clé d'idempotence a déjà servi dans une autre structure.", Map.of()));
		}
		if (result instanceof Result.Invalid invalid) {
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Saisie invalide",
					"Certains champs de la démarche sont invalides.", Map.of("errors", invalid.errors()));
		}
		if (result instanceof Result.Refused refused) {
			return problem(HttpStatus.FORBIDDEN, "Démarche refusée", refused.message(),
					Map.of("reason", refused.reason()));
		}
		Result.Done done = (Result.Done) result;
		return ResponseEntity.created(URI.create("/api/v1/executions/" + done.executionId()))
			.body(view(done.executionId(), found, done));
	}

	private static ExecutionView view(UUID id, Demarche demarche, Result.Done done) {
		return new ExecutionView(id, demarche.id(), done.status().name(), done.message(), done.reference());
	}

	@GetMapping("/executions/{id}")
	@Operation(summary = "L'état d'une démarche faite par la structure (après une réponse inconnue)")
	ResponseEntity<?> execution(Authentication authentication, @PathVariable UUID id,
			@RequestHeader(name = STRUCTURE_HEADER, required = false) @Nullable UUID structureId) {
		AidantAtWork counter = this.currentStaff.aidant(authentication, structureId);
		return this.jdbc.sql("""
				SELECT id, demarche, status, message, partner_reference FROM demarche_execution
				WHERE id = ? AND structure_id = ?
				""")
			.params(id, counter.structure().id())
			.query((rs, n) -> new ExecutionView(rs.getObject("id", UUID.class), rs.getString("demarche"),
					rs.getString("status"), rs.getString("message"), rs.getString("partner_reference")))
			.optional()
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> problem(HttpStatus.NOT_FOUND, "Introuvable",
					"Aucune démarche de votre structure ne porte cet identifiant.", Map.of()));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
			Map<String, Object> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		properties.forEach(problem::setProperty);
		return ResponseEntity.status(status).body(problem);
	}

	record DemarcheView(String id, String libelle, String description, String categorie, String partenaire,
			List<FieldView> champs) {
	}

	record FieldView(String nom, String libelle, @Nullable String aide, @Nullable String exemple, boolean obligatoire) {
	}

	record ExecutionView(UUID execution, String demarche, String statut, @Nullable String message,
			@Nullable String reference) {
	}

}
