package fr.mandat.audit;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.journal.JournalRecord.ActorType;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The auditor behind a request, as the journal records them. */
@Component
class Auditors {

	private final CurrentStaff currentStaff;

	Auditors(CurrentStaff currentStaff) {
		this.currentStaff = currentStaff;
	}

	Actor actor(Authentication authentication) {
		StaffMember member = this.currentStaff.active(authentication).orElseThrow();
		return new Actor(ActorType.AUDITEUR, member.aidantId().toString(),
				this.currentStaff.currentStructure(member).id());
	}

}
