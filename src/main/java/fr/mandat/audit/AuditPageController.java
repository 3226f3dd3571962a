package fr.mandat.audit;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.VerificationReport;

import org.springframework.security.core.Authentication;
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

	AuditPageController(JournalAudit audit, Auditors auditors) {
		this.audit = audit;
		this.auditors = auditors;
	}

	@GetMapping("/audit")
	String home(Model model) {
		model.addAttribute("checkpoint", this.audit.latestCheckpoint().orElse(null));
		return "audit/home";
	}

	@PostMapping("/audit/verification")
	String verify(Authentication authentication, RedirectAttributes redirect) {
		VerificationReport report = this.audit.verify(this.auditors.actor(authentication));
		redirect.addFlashAttribute("verificationValid", report.valid());
		redirect.addFlashAttribute("verificationMessage", message(report));
		return "redirect:/audit";
	}

	private static String message(VerificationReport report) {
		String duration = report.duration().toMillis() + " ms";
		if (report.valid()) {
			return "Journal intègre : " + report.entriesChecked() + " entrées et " + report.checkpoints()
					+ " points de contrôle signés vérifiés en " + duration + ".";
		}
		return "Journal altéré à partir de l'entrée n° " + report.firstBadIndex() + " : " + report.problem()
				+ " (vérifié en " + duration + ").";
	}

}
