package fr.mandat.mandate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import fr.mandat.structure.FrenchDates;
import fr.mandat.journal.ActionLabels;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.MandateHistory;
import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.structure.DemarcheCategory;
import fr.mandat.structure.StaffNames;
import fr.mandat.identity.StepUp;
import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.mandate.MandateRefusal.Reason;
import fr.mandat.usager.Usagers.UsagerIdentity;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The structure's mandates: the list, a mandate's page with its history, attestations,
 * revocation and renewal.
 */
@Controller
class MandatePagesController {

	private static final int HISTORY_LIMIT = 200;

	/** The journal actions that make the mandate's own story. */
	private static final Set<JournalAction> STORY_ACTIONS = EnumSet.of(JournalAction.MANDATE_CREATED,
			JournalAction.MANDATE_SIGNED, JournalAction.MANDATE_RENEWED, JournalAction.MANDATE_REVOKED,
			JournalAction.MANDATE_EXPIRED, JournalAction.AUTORISATION_REVOKED);

	private final StructureMandates mandates;

	private final MandateRenewal renewal;

	private final MandateStore store;

	private final MandateHistory history;

	private final StaffNames names;

	private final StepUp stepUp;

	private final List<MandateActivities> activities;

	MandatePagesController(StructureMandates mandates, MandateRenewal renewal, MandateStore store,
			MandateHistory history, StaffNames names, StepUp stepUp, List<MandateActivities> activities) {
		this.activities = List.copyOf(activities);
		this.mandates = mandates;
		this.renewal = renewal;
		this.store = store;
		this.history = history;
		this.names = names;
		this.stepUp = stepUp;
	}

	@GetMapping("/mandats")
	String list(AidantAtWork counter, @RequestParam(name = "statut", required = false) @Nullable String status,
			@RequestParam(name = "usager", required = false) @Nullable String usagerQuery,
			@RequestParam(name = "page", required = false) @Nullable String pageNumber, Model model,
			HttpServletResponse response) {
		String code = (status == null || status.isBlank()) ? StatusFilter.ACTIVE.code() : status;
		StatusFilter filter = StatusFilter.ofCode(code).orElse(null);
		if (filter == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error_statut", "Choisissez un état dans la liste.");
			filter = StatusFilter.ACTIVE;
		}
		String query = (usagerQuery != null) ? usagerQuery.strip() : "";
		if (query.length() > 100) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error_usager", "Saisissez au plus 100 caractères.");
			query = "";
		}
		int page = (pageNumber != null && pageNumber.matches("[1-9]\\d{0,5}")) ? Integer.parseInt(pageNumber) : 1;
		Instant now = this.mandates.now();
		MandateListing.Page found = this.mandates.list(counter.structure(), filter, query, page);
		// Names are decrypted for the rows shown only, once per usager.
		Map<UUID, String> usagers = new HashMap<>();
		List<Row> rows = new ArrayList<>();
		for (Mandate mandate : found.mandates()) {
			MandateStatus state = mandate.status(now);
			String usagerName = usagers.computeIfAbsent(mandate.usagerId(), this.mandates::usagerName);
			rows.add(new Row(mandate.id(), usagerName,
					mandate.activeCategories().stream().map(DemarcheCategory::label).toList(),
					FrenchDates.dateTime(mandate.notAfter()), state.label(), state.badge()));
		}
		long pages = Math.max(1, (found.total() + StructureMandates.PAGE_SIZE - 1) / StructureMandates.PAGE_SIZE);
		model.addAttribute("rows", rows);
		model.addAttribute("total", found.total());
		model.addAttribute("page", page);
		model.addAttribute("pages", pages);
		model.addAttribute("statut", filter.code());
		model.addAttribute("usager", query);
		model.addAttribute("structureName", counter.structure().name());
		return "mandats/liste";
	}

	@GetMapping("/mandats/{id}")
	String show(AidantAtWork counter, @PathVariable UUID id, Model model) {
		Mandate mandate = this.mandates.visible(id, counter.structure());
		Instant now = this.mandates.now();
		MandateStatus status = mandate.status(now);
		UsagerIdentity usager = this.mandates.usager(mandate.usagerId()).orElse(null);
		Map<String, String> aidants = new HashMap<>();
		this.names.aidants().forEach(a -> aidants.put(a.id().toString(), a.name()));
		model.addAttribute("mandate", mandate);
		model.addAttribute("status", status);
		model.addAttribute("badge", status.badge());
		model.addAttribute("active", status.isActive());
		String usagerName = (usager != null) ? usager.displayName() : this.mandates.missingName(mandate.usagerId());
		model.addAttribute("usagerName", usagerName);
		model.addAttribute("erased", StructureMandates.ERASED.equals(usagerName));
		model.addAttribute("usagerBirthdate", (usager != null) ? FrenchDates.date(usager.birthdate()) : "");
		model.addAttribute("usagerBorn", (usager != null) ? usager.born() : "né(e)");
		model.addAttribute("notBefore", FrenchDates.dateTime(mandate.notBefore()));
		model.addAttribute("notAfter", FrenchDates.dateTime(mandate.notAfter()));
		model.addAttribute("autorisations",
				mandate.autorisations()
					.stream()
					.map(a -> new AutorisationRow(a.category().code(), a.category().label(), a.revokedAt() == null,
							(a.revokedAt() != null) ? FrenchDates.dateTime(a.revokedAt()) : null))
					.toList());
		model.addAttribute("revocations",
				this.store.revocations(id)
					.stream()
					.map(r -> new RevocationRow(r.id(), FrenchDates.dateTime(r.revokedAt()),
							r.categories().stream().map(DemarcheCategory::label).toList()))
					.toList());
		model.addAttribute("events", story(id, aidants));
		model.addAttribute("renewable", mandate.renewableAt(now));
		return "mandats/detail";
	}

	/**
	 * The mandate's history as the usager would tell it: its own steps from the journal,
	 * then each démarche once with its final outcome (from {@link MandateActivities}).
	 * Refusals met by other structures stay in the auditors' space.
	 */
	private List<StoryLine> story(UUID id, Map<String, String> aidants) {
		List<StoryLine> lines = new ArrayList<>();
		for (MandateHistory.Event e : this.history.of(id, STORY_ACTIONS, HISTORY_LIMIT)) {
			lines.add(new StoryLine(e.recordedAt(), FrenchDates.dateTime(e.recordedAt()),
					ActionLabels.of(e.action().name()), detail(e),
					(e.actorId() != null) ? aidants.getOrDefault(e.actorId(),
							Boolean.TRUE.equals(e.payload().get("byUsager")) ? "L'usager, depuis son espace" : "—")
							: "Service",
					null, null, null, null, (e.index() != null) ? "n° " + e.index() : "en attente"));
		}
		for (MandateActivities source : this.activities) {
			for (MandateActivities.Activity a : source.of(id, HISTORY_LIMIT)) {
				lines.add(new StoryLine(a.at(), FrenchDates.dateTime(a.at()), "Démarche « " + a.title() + " »",
						"auprès de " + a.counterpart(), aidants.getOrDefault(a.aidantId().toString(), "—"), a.outcome(),
						a.tone(), a.reference(), a.note(), "—"));
			}
		}
		lines.sort(Comparator.comparing(StoryLine::at));
		return lines;
	}

	private static @Nullable String detail(MandateHistory.Event event) {
		Object codes = event.payload().get("categories");
		if (!(codes instanceof List<?> list) || list.isEmpty()) {
			return null;
		}
		String labels = list.stream()
			.map(code -> DemarcheCategory.fromCode(String.valueOf(code))
				.map(DemarcheCategory::label)
				.orElse(String.valueOf(code)))
			.collect(Collectors.joining(", "));
		if (event.payload().containsKey("replacedBy")) {
			return "Reprises par le nouveau mandat : " + labels;
		}
		return switch (event.action()) {
			case MANDATE_CREATED, MANDATE_RENEWED -> "Démarches couvertes : " + labels;
			default -> labels;
		};
	}

	@GetMapping("/mandats/{id}/attestation.pdf")
	ResponseEntity<byte[]> attestation(AidantAtWork counter, @PathVariable UUID id) {
		this.mandates.visible(id, counter.structure());
		// None once the usager's data was erased (ADR 0106).
		return pdf(this.store.attestation(id).orElseThrow(() -> new MandateNotFoundException(id)),
				"attestation-mandat-" + id + ".pdf");
	}

	@GetMapping("/mandats/{id}/revocations/{revocation}.pdf")
	ResponseEntity<byte[]> revocationAttestation(AidantAtWork counter, @PathVariable UUID id,
			@PathVariable UUID revocation) {
		this.mandates.visible(id, counter.structure());
		return pdf(this.store.revocationAttestation(id, revocation).orElseThrow(() -> new MandateNotFoundException(id)),
				"revocation-mandat-" + id + ".pdf");
	}

	@GetMapping("/mandats/{id}/revocation")
	String confirmRevocation(AidantAtWork counter, @PathVariable UUID id,
			@RequestParam(name = "categorie", required = false) @Nullable List<String> categories,
			@RequestParam(name = "renforcement", required = false) @Nullable String stepUpResult, Model model) {
		Mandate mandate = this.mandates.visible(id, counter.structure());
		List<String> chosen = (categories != null) ? categories : List.of();
		model.addAttribute("mandate", mandate);
		model.addAttribute("usagerName", usagerName(mandate));
		model.addAttribute("chosen", chosen);
		model.addAttribute("labels",
				mandate.activeCategories()
					.stream()
					.filter(c -> chosen.isEmpty() || chosen.contains(c.code()))
					.map(DemarcheCategory::label)
					.toList());
		if ("refuse".equals(stepUpResult)) {
			model.addAttribute("error_stepUp",
					"La confirmation de votre identité n'a pas abouti : rien n'a été révoqué. Réessayez.");
		}
		return "mandats/revocation";
	}

	@PostMapping("/mandats/{id}/revocation")
	String revoke(AidantAtWork counter, @PathVariable UUID id,
			@RequestParam(name = "categorie", required = false) @Nullable List<String> categories,
			HttpSession session) {
		this.mandates.visible(id, counter.structure());
		List<String> chosen = (categories != null) ? categories : List.of();
		if (chosen.size() > DemarcheCategory.values().length) {
			throw MandateRefusal.of(Reason.TOO_MANY_CATEGORIES);
		}
		StringBuilder back = new StringBuilder("/mandats/" + id + "/revocation");
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < chosen.size(); i++) {
			String code = DemarcheCategory.fromCode(chosen.get(i))
				.map(DemarcheCategory::code)
				.orElseThrow(() -> MandateRefusal.of(Reason.UNKNOWN_CATEGORY));
			codes.add(code);
			back.append(i == 0 ? "?" : "&").append("categorie=").append(code);
		}
		// Revoked once the aidant confirms their identity (MandateSensitiveActions).
		return "redirect:" + this.stepUp.begin(session, counter.member().aidantId(), counter.member().subject(),
				counter.structure().id(), MandateSensitiveActions.revocation(id, codes), back.toString());
	}

	@GetMapping("/mandats/{id}/renouvellement")
	String renewal(AidantAtWork counter, @PathVariable UUID id, Model model) {
		Mandate mandate = this.mandates.visible(id, counter.structure());
		model.addAttribute("mandate", mandate);
		model.addAttribute("usagerName", usagerName(mandate));
		model.addAttribute("labels", mandate.activeCategories().stream().map(DemarcheCategory::label).toList());
		model.addAttribute("durations", MandateDuration.values());
		return "mandats/renouvellement";
	}

	@PostMapping("/mandats/{id}/renouvellement")
	String renew(AidantAtWork counter, @PathVariable UUID id,
			@RequestParam(name = "duree", required = false) @Nullable String duration, HttpSession session, Model model,
			HttpServletResponse response) {
		Integer days = null;
		if (duration != null && duration.matches("\\d{1,3}")) {
			days = Integer.valueOf(duration);
		}
		try {
			MandateDraft draft = this.renewal.renewalDraft(counter.member(), counter.structure(), id,
					(duration != null && days == null) ? Integer.valueOf(-1) : days);
			session.setAttribute(DraftSession.DRAFT, draft);
			return "redirect:" + DraftSession.RECAP;
		}
		catch (MandateRefusal ex) {
			if (RefusalFields.of(ex.reason()).isEmpty()) {
				throw ex;
			}
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			Mandate mandate = this.mandates.visible(id, counter.structure());
			model.addAttribute("mandate", mandate);
			model.addAttribute("usagerName", usagerName(mandate));
			model.addAttribute("labels", mandate.activeCategories().stream().map(DemarcheCategory::label).toList());
			model.addAttribute("durations", MandateDuration.values());
			model.addAttribute("error_duree", ex.getMessage());
			return "mandats/renouvellement";
		}
	}

	private String usagerName(Mandate mandate) {
		return this.mandates.usagerName(mandate.usagerId());
	}

	private static ResponseEntity<byte[]> pdf(byte[] body, String filename) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "private, no-store")
			.body(body);
	}

	record Row(UUID id, String usagerName, List<String> categories, String notAfter, String status, String badge) {
	}

	record AutorisationRow(String code, String label, boolean active, @Nullable String revokedAt) {
	}

	record RevocationRow(UUID id, String revokedAt, List<String> categories) {
	}

	/**
	 * One line of the mandate's history.
	 *
	 * @param outcome the final outcome of a démarche (null for the mandate's own steps)
	 * @param tone {@code success}, {@code warning} or {@code error}, with the outcome
	 */
	record StoryLine(Instant at, String date, String what, @Nullable String detail, String by, @Nullable String outcome,
			@Nullable String tone, @Nullable String reference, @Nullable String note, String journalIndex) {
	}

}
