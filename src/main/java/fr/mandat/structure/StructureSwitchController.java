package fr.mandat.structure;

import java.util.Map;
import java.util.UUID;

import fr.mandat.journal.Journal;
import fr.mandat.journal.JournalAction;
import fr.mandat.journal.JournalRecord;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Someone who works for several structures chooses the one they act for; the choice
 * scopes everything they see and do, and is journaled.
 */
@Controller
class StructureSwitchController {

	private final CurrentStaff currentStaff;

	private final Journal journal;

	private final TransactionTemplate transactions;

	StructureSwitchController(CurrentStaff currentStaff, Journal journal, TransactionTemplate transactions) {
		this.currentStaff = currentStaff;
		this.journal = journal;
		this.transactions = transactions;
	}

	/** The only pages a switch may lead back to: a mandate's own pages. */
	private static final java.util.regex.Pattern BACK = java.util.regex.Pattern
		.compile("/mandats/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	@PostMapping("/structure-courante")
	String switchTo(Authentication authentication,
			@RequestParam(name = "structure", required = false) @Nullable String id,
			@RequestParam(name = "retour", required = false) @Nullable String back, HttpSession session,
			HttpServletRequest request) {
		StaffMember member = this.currentStaff.active(authentication)
			.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
		StructureRef from = this.currentStaff.currentStructure(member);
		StructureRef to = parse(id).flatMap(member::structure)
			.orElseThrow(() -> new AccessDeniedException("Not a structure of this person"));
		if (!to.equals(from)) {
			this.transactions.executeWithoutResult(status -> this.journal
				.record(JournalRecord.of(Actor.aidant(member.aidantId(), to.id()), JournalAction.STRUCTURE_SWITCHED)
					.withPayload(Map.of("from", from.id().toString(), "to", to.id().toString()))));
			session.setAttribute(CurrentStaff.CURRENT_STRUCTURE, to.id());
			// A new session id for a new scope: anything that captured the old one acted
			// for the old structure.
			request.changeSessionId();
		}
		if (back != null && BACK.matcher(back).matches()) {
			return "redirect:" + back;
		}
		return "redirect:/?structure";
	}

	private static java.util.Optional<UUID> parse(@Nullable String id) {
		try {
			return (id == null || id.length() != 36) ? java.util.Optional.empty()
					: java.util.Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return java.util.Optional.empty();
		}
	}

}
