package fr.mandat.audit;

import java.util.List;

import fr.mandat.journal.JournalAudit;
import fr.mandat.journal.JournalAudit.ConsistencyProof;
import fr.mandat.journal.JournalAudit.EntryProof;
import fr.mandat.journal.JournalAudit.JournalBundle;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.JournalPage;
import fr.mandat.journal.VerificationReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import fr.mandat.journal.JournalAudit.ExportStream;
import fr.mandat.journal.proof.Tiles;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The journal for auditors' tools: checkpoints, proofs, verification, exports. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

	private final JournalAudit audit;

	private final Auditors auditors;

	private final AuditVerification verification;

	AuditApiController(JournalAudit audit, Auditors auditors, AuditVerification verification) {
		this.audit = audit;
		this.auditors = auditors;
		this.verification = verification;
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

	@GetMapping("/witnesses")
	JournalAudit.WitnessingStatus witnessing() {
		return this.audit.witnessing();
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

	/**
	 * Verifies the whole journal and the mandates against it; the body may hold a
	 * checkpoint saved earlier (text, as {@code /journal/checkpoint} serves it) to check
	 * the journal against.
	 */
	@PostMapping("/verification")
	Verification verify(@RequestBody(required = false) @Nullable String reference, Authentication authentication) {
		return Verification.of(this.verification.verify(this.auditors.actor(authentication), reference));
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

	/**
	 * Entries from {@code from} (included) to {@code to} (excluded) streamed as NDJSON
	 * with their proofs, no size limit; {@code reference}: the size of a checkpoint the
	 * auditor trusts, to get a consistency proof from it.
	 */
	@GetMapping("/export.ndjson")
	void exportStream(@RequestParam(defaultValue = "0") long from, @RequestParam(required = false) @Nullable Long to,
			@RequestParam(required = false) @Nullable Long reference, Authentication authentication,
			HttpServletResponse response) throws IOException {
		ExportStream export = this.audit.exportRange(from, to, reference, this.auditors.actor(authentication));
		Exports.write(export, "journal-" + from + "-" + export.treeSize() + ".ndjson", response);
	}

	/** Every entry a search selects, streamed as NDJSON with proofs (no page limit). */
	@GetMapping("/export/selection.ndjson")
	void exportSelectionStream(SearchCriteria criteria, @RequestParam(required = false) @Nullable Long reference,
			Authentication authentication, HttpServletResponse response) throws IOException {
		ExportStream export = this.audit.exportSelection(criteria.toQuery(), reference,
				this.auditors.actor(authentication));
		Exports.write(export, "journal-selection.ndjson", response);
	}

	/** An entry's receipt: a C2SP tlog-proof file the offline verifier checks. */
	@GetMapping("/entries/{index}/receipt")
	ResponseEntity<String> receipt(@PathVariable long index, Authentication authentication) {
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"entree-" + index + ".tlog-proof\"")
			.body(this.audit.receipt(index, this.auditors.actor(authentication)));
	}

	/**
	 * Entry bundles (C2SP tlog-tiles {@code tile/entries/N[.p/W]}): the data, for
	 * auditors.
	 */
	@GetMapping("/tile/entries/**")
	ResponseEntity<byte[]> entryBundle(HttpServletRequest request, Authentication authentication) {
		String prefix = request.getContextPath() + "/api/v1/audit/tile/entries/";
		Tiles.Tile tile;
		try {
			tile = Tiles.parse("0/" + request.getRequestURI().substring(prefix.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new BadAuditRequest("tile", "Ce n'est pas l'adresse d'un paquet d'entrées : "
					+ "tile/entries/<n° en groupes de 3 chiffres>[.p/<largeur>].");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.cacheControl(CacheControl.noStore())
			.body(this.audit.entryBundle(tile, this.auditors.actor(authentication)));
	}

	record SearchResult(List<JournalPage.Item> entries, @Nullable String next) {
	}

	record Verification(boolean valid, long entriesChecked, long checkpoints, @Nullable Long verifiedSize,
			@Nullable Long firstBadIndex, @Nullable String problem, long durationMillis, @Nullable Long witnessedSize,
			@Nullable String reference, List<String> findings) {

		static Verification of(VerificationReport report) {
			return new Verification(report.valid(), report.entriesChecked(), report.checkpoints(),
					report.verifiedSize(), report.firstBadIndex(), report.problem(), report.duration().toMillis(),
					report.witnessedSize(), report.reference(), report.findings());
		}

	}

}
