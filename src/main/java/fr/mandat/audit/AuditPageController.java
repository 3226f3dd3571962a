package fr.mandat.audit;

import fr.mandat.structure.FrenchDates;
import fr.mandat.journal.ActionLabels;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.VerificationReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.io.IOException;

import fr.mandat.journal.JournalAudit.EntryProof;
import fr.mandat.journal.JournalAudit.ExportStream;
import fr.mandat.journal.JournalAudit.JournalBundle;
import fr.mandat.journal.JournalPage;
import fr.mandat.journal.JournalQueryException;
import fr.mandat.structure.StaffNames;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The auditors' home: the signed state of the journal and its verification. */
@Controller
class AuditPageController {

	private final JournalAudit audit;

	private final Auditors auditors;

	private final StaffNames names;

	private final AuditVerification verification;

	AuditPageController(JournalAudit audit, Auditors auditors, StaffNames names, AuditVerification verification) {
		this.audit = audit;
		this.auditors = auditors;
		this.names = names;
		this.verification = verification;
	}

	@GetMapping("/audit")
	String home(Model model) {
		model.addAttribute("checkpoint", this.audit.latestCheckpoint().orElse(null));
		model.addAttribute("witnessing", this.audit.witnessing());
		model.addAttribute("times", FrenchDates.TIMESTAMP);
		return "audit/home";
	}

	@GetMapping("/audit/recherche")
	String search(@ModelAttribute("criteria") SearchCriteria criteria, BindingResult binding,
			Authentication authentication, Model model) {
		model.addAttribute("actions", ActionLabels.all());
		List<StaffNames.Named> structures = this.names.structures();
		List<StaffNames.Named> aidants = this.names.aidants();
		model.addAttribute("structures", structures);
		model.addAttribute("aidants", aidants);
		Map<String, String> known = new HashMap<>();
		structures.forEach(n -> known.put(n.id().toString(), n.name()));
		aidants.forEach(n -> known.put(n.id().toString(), n.name()));
		if (binding.hasErrors()) {
			binding.getFieldErrors()
				.forEach(error -> model.addAttribute("error_" + error.getField(), fieldMessage(error.getField())));
			return "audit/search";
		}
		try {
			JournalPage page = this.audit.search(criteria.toQuery(), this.auditors.actor(authentication));
			model.addAttribute("rows", page.entries().stream().map(item -> Row.of(item, known)).toList());
			model.addAttribute("next", (page.next() != null) ? page.next().token() : null);
		}
		catch (BadAuditRequest ex) {
			model.addAttribute("error_" + ex.field(), ex.getMessage());
		}
		return "audit/search";
	}

	@GetMapping("/audit/export/selection")
	Object exportSelection(@ModelAttribute("criteria") SearchCriteria criteria, BindingResult binding,
			Authentication authentication, RedirectAttributes redirect) {
		if (binding.hasErrors()) {
			return "redirect:/audit/recherche";
		}
		try {
			JournalBundle bundle = this.audit.exportSelection(criteria.toQuery(), this.auditors.actor(authentication));
			return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"journal-selection.json\"")
				.contentType(MediaType.APPLICATION_JSON)
				.body(bundle);
		}
		catch (BadAuditRequest | JournalQueryException ex) {
			redirect.addFlashAttribute("exportError", ex.getMessage());
			return "redirect:/audit";
		}
	}

	@GetMapping("/audit/entrees/{index}")
	String entry(@PathVariable long index, Authentication authentication, Model model) {
		EntryProof proof = this.audit.entryProof(index, null, this.auditors.actor(authentication));
		model.addAttribute("proof", proof);
		model.addAttribute("proofChecked", ProofCheck.check(proof));
		return "audit/entry";
	}

	@GetMapping("/audit/export")
	Object export(@RequestParam(required = false) @Nullable Long from,
			@RequestParam(required = false) @Nullable Integer count, Authentication authentication,
			RedirectAttributes redirect) {
		if (from == null || count == null) {
			redirect.addFlashAttribute("exportError", "Indiquez le premier numéro et le nombre d'entrées à exporter.");
			return "redirect:/audit";
		}
		try {
			JournalBundle bundle = this.audit.export(from, count, this.auditors.actor(authentication));
			return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"journal-" + from + ".json\"")
				.contentType(MediaType.APPLICATION_JSON)
				.body(bundle);
		}
		catch (JournalQueryException ex) {
			redirect.addFlashAttribute("exportError", ex.getMessage());
			return "redirect:/audit";
		}
	}

	/** The whole journal (or a range), streamed, for the offline verifier. */
	@GetMapping("/audit/export.ndjson")
	@Nullable String exportStream(@RequestParam(defaultValue = "0") long from, @RequestParam(required = false) @Nullable Long to,
			@RequestParam(required = false) @Nullable Long reference, Authentication authentication,
			HttpServletResponse response, RedirectAttributes redirect) throws IOException {
		ExportStream export;
		try {
			export = this.audit.exportRange(from, to, reference, this.auditors.actor(authentication));
		}
		catch (JournalQueryException ex) {
			redirect.addFlashAttribute("exportError", ex.getMessage());
			return "redirect:/audit";
		}
		Exports.write(export, "journal-" + from + "-" + export.treeSize() + ".ndjson", response);
		return null;
	}

	/** Every entry a search selects, streamed. */
	@GetMapping("/audit/export/selection.ndjson")
	@Nullable String exportSelectionStream(@ModelAttribute("criteria") SearchCriteria criteria, BindingResult binding,
			Authentication authentication, HttpServletResponse response, RedirectAttributes redirect)
			throws IOException {
		if (binding.hasErrors()) {
			return "redirect:/audit/recherche";
		}
		ExportStream export;
		try {
			export = this.audit.exportSelection(criteria.toQuery(), null, this.auditors.actor(authentication));
		}
		catch (BadAuditRequest | JournalQueryException ex) {
			redirect.addFlashAttribute("exportError", ex.getMessage());
			return "redirect:/audit";
		}
		Exports.write(export, "journal-selection.ndjson", response);
		return null;
	}

	private static String fieldMessage(String field) {
		return switch (field) {
			case "from", "to" -> "Saisissez une date valide.";
			case "structure", "aidant" ->
				"Saisissez un identifiant complet (UUID), par exemple 3c6e0b8a-4b1f-4a8e-9c1d-000000000001.";
			case "action" -> "Choisissez une action dans la liste.";
			case "size" -> "Saisissez un nombre entier.";
			default -> "Valeur invalide.";
		};
	}

	/** A result line, ready to display. */
	record Row(String time, String action, String actor, @Nullable String structure, @Nullable String usager,
			@Nullable String demarche, @Nullable Long index) {

		static Row of(JournalPage.Item item, Map<String, String> names) {
			String actor = (item.actorId() != null) ? names.getOrDefault(item.actorId(), item.actorId())
					: ("SYSTEM".equals(item.actorType()) ? "Mandat (système)" : item.actorType());
			String structure = (item.structureId() != null)
					? names.getOrDefault(item.structureId().toString(), item.structureId().toString()) : null;
			return new Row(FrenchDates.TIMESTAMP.format(item.recordedAt()), ActionLabels.of(item.action()), actor,
					structure, item.usagerRef(), item.demarche(), item.index());
		}

	}

	@PostMapping("/audit/verification")
	String verify(@RequestParam(required = false) @Nullable String reference, Authentication authentication,
			RedirectAttributes redirect) {
		VerificationReport report;
		try {
			report = this.verification.verify(this.auditors.actor(authentication), reference);
		}
		catch (JournalQueryException ex) {
			redirect.addFlashAttribute("referenceError", ex.getMessage());
			return "redirect:/audit#verifier";
		}
		redirect.addFlashAttribute("verificationValid", report.valid());
		redirect.addFlashAttribute("verificationMessage", message(report));
		redirect.addFlashAttribute("verificationFindings", report.findings());
		return "redirect:/audit";
	}

	private static String message(VerificationReport report) {
		String duration = report.duration().toMillis() + " ms";
		if (report.problem() != null) {
			return "Journal altéré à partir de l'entrée n° " + report.firstBadIndex() + " : " + report.problem()
					+ " (vérifié en " + duration + ").";
		}
		String journal = report.entriesChecked() + " entrées et " + report.checkpoints()
				+ " points de contrôle signés vérifiés en " + duration
				+ ((report.reference() != null) ? " ; " + report.reference() : "") + ".";
		if (!report.findings().isEmpty()) {
			return "Journal intègre (" + journal + "), mais " + report.findings().size()
					+ " anomalie(s) le contredisent :";
		}
		return "Journal intègre : " + journal;
	}

}
