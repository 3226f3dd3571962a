package fr.mandat.audit;

import java.util.List;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalAudit.ConsistencyProof;
import fr.mandat.journal.JournalAudit.EntryProof;
import fr.mandat.journal.JournalAudit.JournalBundle;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.JournalPage;
import fr.mandat.journal.VerificationReport;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The journal for auditors' tools: checkpoints, proofs, verification, exports. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

	private final JournalAudit audit;

	private final Auditors auditors;

	AuditApiController(JournalAudit audit, Auditors auditors) {
		this.audit = audit;
		this.auditors = auditors;
	}

	@GetMapping("/entries")
	SearchResult search(SearchCriteria criteria, Authentication authentication) {
		JournalPage page = this.audit.search(criteria.toQuery(), this.auditors.actor(authentication));
		return new SearchResult(page.entries(), (page.next() != null) ? page.next().token() : null);
	}

	@GetMapping("/checkpoint")
	ResponseEntity<SignedCheckpoint> latestCheckpoint() {
		return ResponseEntity.of(this.audit.latestCheckpoint());
	}

	@GetMapping("/entries/{index}/proof")
	EntryProof entryProof(@PathVariable long index, @RequestParam(required = false) @Nullable Long treeSize,
			Authentication authentication) {
		return this.audit.entryProof(index, treeSize, this.auditors.actor(authentication));
	}

	@GetMapping("/consistency")
	ConsistencyProof consistency(@RequestParam long from, @RequestParam long to, Authentication authentication) {
		return this.audit.consistencyProof(from, to, this.auditors.actor(authentication));
	}

	@PostMapping("/verification")
	Verification verify(Authentication authentication) {
		return Verification.of(this.audit.verify(this.auditors.actor(authentication)));
	}

	@GetMapping("/export/selection")
	ResponseEntity<JournalBundle> exportSelection(SearchCriteria criteria, Authentication authentication) {
		JournalBundle bundle = this.audit.exportSelection(criteria.toQuery(), this.auditors.actor(authentication));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"journal-selection.json\"")
			.body(bundle);
	}

	@GetMapping("/export")
	ResponseEntity<JournalBundle> export(@RequestParam long from, @RequestParam int count,
			Authentication authentication) {
		JournalBundle bundle = this.audit.export(from, count, this.auditors.actor(authentication));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"journal-" + from + "-" + (from + bundle.entries().size() - 1) + ".json\"")
			.body(bundle);
	}

	record SearchResult(List<JournalPage.Item> entries, @Nullable String next) {
	}

	record Verification(boolean valid, long entriesChecked, long checkpoints, @Nullable Long verifiedSize,
			@Nullable Long firstBadIndex, @Nullable String problem, long durationMillis) {

		static Verification of(VerificationReport report) {
			return new Verification(report.valid(), report.entriesChecked(), report.checkpoints(),
					report.verifiedSize(), report.firstBadIndex(), report.problem(), report.duration().toMillis());
		}

	}

}
