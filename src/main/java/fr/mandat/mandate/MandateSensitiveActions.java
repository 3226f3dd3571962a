package fr.mandat.mandate;

import java.util.UUID;

import fr.mandat.structure.CurrentStaff.AidantAtWork;
import fr.mandat.identity.ActionNotDone;
import fr.mandat.structure.CurrentStaff;
import fr.mandat.identity.SensitiveAction;
import fr.mandat.identity.SensitiveActionHandler;
import fr.mandat.identity.StepUp.Intent;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The mandate actions that need a fresh confirmation of the aidant's identity: signing (a
 * new mandate or a renewal) and revoking. Each is carried out after the confirmation with
 * every check made again at that moment.
 */
final class MandateSensitiveActions {

	static final String SIGN = "mandate.sign";

	static final String REVOKE = "mandate.revoke";

	static final String CATEGORY = "categorie";

	private MandateSensitiveActions() {
	}

	static SensitiveAction signing(MandateDraft draft) {
		return new SensitiveAction(SIGN, draft.id().toString());
	}

	static SensitiveAction revocation(UUID mandateId, java.util.List<String> categories) {
		return new SensitiveAction(REVOKE, mandateId.toString(), java.util.Map.of(CATEGORY, categories));
	}

	@Component
	static class Signing implements SensitiveActionHandler {

		private final MandateCreation mandates;

		private final CurrentStaff currentStaff;

		Signing(MandateCreation mandates, CurrentStaff currentStaff) {
			this.mandates = mandates;
			this.currentStaff = currentStaff;
		}

		@Override
		public String kind() {
			return SIGN;
		}

		@Override
		public String carryOut(Intent intent, Authentication authentication, HttpSession session) {
			AidantAtWork counter = this.currentStaff.aidant(authentication, null);
			if (!(session.getAttribute(DraftSession.DRAFT) instanceof MandateDraft draft)
					|| !draft.id().toString().equals(intent.action().object())) {
				throw new ActionNotDone("Le mandat en préparation n’est plus celui que vous avez confirmé : "
						+ "il n’a pas été signé. Commencez un nouveau mandat.", "/mandats/nouveau");
			}
			try {
				Mandate mandate = this.mandates.create(draft, counter.member(), counter.structure(),
						DraftSession.authenticatedAt(authentication), DraftSession.address(""));
				session.removeAttribute(DraftSession.DRAFT);
				return "/mandats/" + mandate.id() + "?cree";
			}
			catch (MandateRefusal ex) {
				throw new ActionNotDone("Le mandat n’a pas été signé : " + ex.getMessage(), DraftSession.RECAP);
			}
		}

	}

	@Component
	static class Revocation implements SensitiveActionHandler {

		private final MandateRevocation mandates;

		private final CurrentStaff currentStaff;

		Revocation(MandateRevocation mandates, CurrentStaff currentStaff) {
			this.mandates = mandates;
			this.currentStaff = currentStaff;
		}

		@Override
		public String kind() {
			return REVOKE;
		}

		@Override
		public String carryOut(Intent intent, Authentication authentication, HttpSession session) {
			AidantAtWork counter = this.currentStaff.aidant(authentication, null);
			UUID mandateId = UUID.fromString(intent.action().object());
			try {
				this.mandates.revoke(mandateId, intent.action().parameters(CATEGORY), counter.member(),
						counter.structure(), DraftSession.address(""));
				return "/mandats/" + mandateId + "?revoque";
			}
			catch (MandateRefusal | MandateNotFoundException | ForeignMandateException ex) {
				String reason = (ex instanceof MandateRefusal refusal) ? refusal.getMessage()
						: "ce mandat n’est pas un mandat de votre structure.";
				throw new ActionNotDone("Rien n’a été révoqué : " + lowerFirst(reason), "/mandats/" + mandateId);
			}
		}

	}

	private static String lowerFirst(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

}
