package fr.mandat.structure;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.identity.StepUp;
import fr.mandat.identity.SensitiveAction;
import fr.mandat.identity.SensitiveActionHandler;
import fr.mandat.identity.ActionNotDone;
import fr.mandat.journal.JournalRecord.Actor;
import fr.mandat.structure.AidantManagement.Deactivation;
import fr.mandat.structure.StaffMember.StructureRef;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The decisions about people that need a fresh confirmation of identity: approving a
 * habilitation request (which is also how an appointment takes effect: an admin asks, a
 * second admin approves), removing a role (which deactivates someone left with none) and
 * deactivating an aidant. Each is carried out after the confirmation with every check
 * made again at that moment: the person's role, four eyes, the state of the request or of
 * the aidant.
 */
final class StaffSensitiveActions {

	static final String APPROVE = "habilitation.approve";

	static final String REMOVE_ROLE = "role.remove";

	static final String DEACTIVATE = "aidant.deactivate";

	static final String REASON = "motif";

	static final String STRUCTURE = "structure";

	static final String ROLE = "role";

	private StaffSensitiveActions() {
	}

	static SensitiveAction approval(UUID requestId) {
		return new SensitiveAction(APPROVE, requestId.toString());
	}

	static SensitiveAction roleRemoval(UUID structureId, UUID aidantId, Role role) {
		return new SensitiveAction(REMOVE_ROLE, aidantId.toString(),
				Map.of(STRUCTURE, List.of(structureId.toString()), ROLE, List.of(role.name())));
	}

	static SensitiveAction deactivation(UUID aidantId, String reason) {
		return new SensitiveAction(DEACTIVATE, aidantId.toString(), Map.of(REASON, List.of(reason)));
	}

	private static ActionNotDone notApproved(String reason, String page) {
		return new ActionNotDone("L’habilitation n’a pas été accordée : " + lowerFirst(reason), page);
	}

	private static String lowerFirst(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	@Component
	static class Approval implements SensitiveActionHandler {

		private final Habilitations habilitations;

		private final AdminAccess adminAccess;

		private final AccountFollowUps accounts;

		Approval(Habilitations habilitations, AdminAccess adminAccess, AccountFollowUps accounts) {
			this.habilitations = habilitations;
			this.adminAccess = adminAccess;
			this.accounts = accounts;
		}

		@Override
		public String kind() {
			return APPROVE;
		}

		@Override
		public String carryOut(StepUp.Intent intent, Authentication authentication, HttpSession session) {
			UUID requestId = UUID.fromString(intent.action().object());
			String page = "/admin/habilitations/" + requestId;
			Actor admin = admin(this.adminAccess, authentication, page);
			try {
				this.habilitations.approve(admin, requestId);
				// The account step runs after the commit; it may have to be retried.
				this.accounts.settle(HabilitationApproved.class, requestId);
				return this.habilitations.awaitsAccount(requestId) ? page + "?compte" : "/admin/habilitations?accordee";
			}
			catch (SelfGrantException ex) {
				throw notApproved(ex.getMessage(), page);
			}
			catch (StaffRuleException ex) {
				throw notApproved(ex.getMessage(), page);
			}
		}

	}

	@Component
	static class RoleRemoval implements SensitiveActionHandler {

		private final Appointments appointments;

		private final AdminAccess adminAccess;

		private final AccountFollowUps accounts;

		RoleRemoval(Appointments appointments, AdminAccess adminAccess, AccountFollowUps accounts) {
			this.appointments = appointments;
			this.adminAccess = adminAccess;
			this.accounts = accounts;
		}

		@Override
		public String kind() {
			return REMOVE_ROLE;
		}

		@Override
		public String carryOut(StepUp.Intent intent, Authentication authentication, HttpSession session) {
			UUID aidantId = UUID.fromString(intent.action().object());
			UUID structureId = UUID.fromString(intent.action().parameter(STRUCTURE));
			Role role = Role.valueOf(intent.action().parameter(ROLE));
			String page = (role == Role.AUDITEUR) ? "/admin/auditeurs"
					: "/admin/structures/" + structureId + "/responsables";
			Actor admin = admin(this.adminAccess, authentication, page);
			try {
				this.appointments.removeRole(admin, structureId, aidantId, role);
				this.accounts.settle(AidantDeactivated.class, aidantId);
				return page + "?" + (this.accounts.closingPending(aidantId) ? "compte-ouvert" : "retire");
			}
			catch (StaffRuleException ex) {
				throw new ActionNotDone("Le rôle n’a pas été retiré : " + lowerFirst(ex.getMessage()), page);
			}
		}

	}

	private static Actor admin(AdminAccess adminAccess, Authentication authentication, String page) {
		try {
			return adminAccess.require(authentication);
		}
		catch (AccessDeniedException ex) {
			throw new ActionNotDone("Rien n’a été fait : vous n’avez plus le rôle d’administrateur.", page);
		}
	}

	@Component
	static class Deactivating implements SensitiveActionHandler {

		private final AidantManagement management;

		private final CurrentStaff currentStaff;

		Deactivating(AidantManagement management, CurrentStaff currentStaff) {
			this.management = management;
			this.currentStaff = currentStaff;
		}

		@Override
		public String kind() {
			return DEACTIVATE;
		}

		@Override
		public String carryOut(StepUp.Intent intent, Authentication authentication, HttpSession session) {
			UUID aidantId = UUID.fromString(intent.action().object());
			StaffMember member = this.currentStaff.active(authentication)
				.orElseThrow(() -> new AccessDeniedException("Not an active staff member"));
			StructureRef structure = this.currentStaff.currentStructure(member);
			if (!member.rolesIn(structure.id()).contains(Role.RESPONSABLE)) {
				throw new ActionNotDone("Personne n’a été désactivé : vous n’êtes plus responsable de cette structure.",
						"/");
			}
			try {
				Deactivation done = this.management.deactivate(member, structure, aidantId,
						intent.action().parameter(REASON));
				if (done.accountPending()) {
					return "/structure/aidants?compte=" + aidantId;
				}
				return "/structure/aidants?" + (done.accountDisabled() ? "desactive" : "retire");
			}
			catch (StaffRuleException | ForeignAidantException ex) {
				String reason = (ex instanceof StaffRuleException rule) ? rule.getMessage()
						: "cette personne ne fait pas partie de votre structure.";
				throw new ActionNotDone("Personne n’a été désactivé : " + lowerFirst(reason), "/structure/aidants");
			}
		}

	}

}
