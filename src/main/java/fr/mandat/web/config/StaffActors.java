package fr.mandat.web.config;

import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.structure.StaffMember;

/** A staff member as the journal records them: their aidant id and current structure. */
final class StaffActors {

	private StaffActors() {
	}

	static Actor of(StaffMember member, CurrentStaff currentStaff) {
		return Actor.aidant(member.aidantId(),
				member.structures().isEmpty() ? null : currentStaff.currentStructure(member).id());
	}

}
