package fr.mandat.journal;

import java.util.EnumMap;
import java.util.Map;

/** What each journal action is called on pages, in French. */
public final class ActionLabels {

	private static final Map<JournalAction, String> LABELS = new EnumMap<>(JournalAction.class);

	static {
		LABELS.put(JournalAction.SIGNED_IN, "Connexion");
		LABELS.put(JournalAction.SIGNED_OUT, "Déconnexion");
		LABELS.put(JournalAction.STEP_UP_FAILED, "Réauthentification échouée");
		LABELS.put(JournalAction.STEP_UP_REFUSED, "Réauthentification refusée");
		LABELS.put(JournalAction.STRUCTURE_SWITCHED, "Changement de structure");
		LABELS.put(JournalAction.ACCESS_DENIED, "Accès refusé");
		LABELS.put(JournalAction.USAGER_IDENTIFIED, "Usager identifié");
		LABELS.put(JournalAction.USAGER_IDENTIFICATION_REFUSED, "Identification de l'usager refusée");
		LABELS.put(JournalAction.USAGER_DATA_ERASED, "Données de l'usager effacées");
		LABELS.put(JournalAction.MANDATE_CREATED, "Mandat créé");
		LABELS.put(JournalAction.MANDATE_SIGNED, "Mandat signé");
		LABELS.put(JournalAction.MANDATE_RENEWED, "Mandat renouvelé");
		LABELS.put(JournalAction.MANDATE_REVOKED, "Mandat révoqué");
		LABELS.put(JournalAction.MANDATE_EXPIRED, "Mandat expiré");
		LABELS.put(JournalAction.AUTORISATION_REVOKED, "Autorisation révoquée");
		LABELS.put(JournalAction.AUTORISATION_USED, "Autorisation utilisée");
		LABELS.put(JournalAction.DEMARCHE_REQUESTED, "Démarche demandée");
		LABELS.put(JournalAction.DEMARCHE_COMPLETED, "Démarche aboutie");
		LABELS.put(JournalAction.DEMARCHE_FAILED, "Démarche échouée");
		LABELS.put(JournalAction.HABILITATION_CHANGED, "Habilitation modifiée");
		LABELS.put(JournalAction.MEMBERSHIP_CHANGED, "Rattachement modifié");
		LABELS.put(JournalAction.STRUCTURE_CATEGORIES_CHANGED, "Démarches de la structure modifiées");
		LABELS.put(JournalAction.STRUCTURE_CREATED, "Structure créée");
		LABELS.put(JournalAction.STRUCTURE_UPDATED, "Structure modifiée");
		LABELS.put(JournalAction.DEMARCHE_REFUSED, "Démarche refusée par Mandat");
		LABELS.put(JournalAction.DEMARCHE_OUTCOME_UNKNOWN, "Démarche sans réponse du partenaire");
		LABELS.put(JournalAction.HABILITATION_REQUESTED, "Habilitation demandée");
		LABELS.put(JournalAction.HABILITATION_APPROVED, "Habilitation accordée");
		LABELS.put(JournalAction.HABILITATION_REFUSED, "Habilitation refusée");
		LABELS.put(JournalAction.ACCOUNT_PROVISIONED, "Compte de connexion créé et invitation envoyée");
		LABELS.put(JournalAction.JOURNAL_SEARCHED, "Recherche dans le journal");
		LABELS.put(JournalAction.JOURNAL_ENTRY_VIEWED, "Consultation d'une entrée");
		LABELS.put(JournalAction.JOURNAL_EXPORTED, "Export du journal");
		LABELS.put(JournalAction.JOURNAL_VERIFIED, "Vérification du journal");
		LABELS.put(JournalAction.USAGER_DATA_EXPORTED, "Données téléchargées par l'usager");
		LABELS.put(JournalAction.PARTNER_SIGN_IN, "Connexion à un site partenaire");
		LABELS.put(JournalAction.PARTNER_SIGN_IN_REFUSED, "Connexion à un site partenaire refusée");
		LABELS.put(JournalAction.PARTNER_TOKEN_EXCHANGED, "Jeton de délégation remis à un site partenaire");
		LABELS.put(JournalAction.PARTNER_TOKEN_EXCHANGE_REFUSED, "Jeton de délégation refusé à un site partenaire");
		LABELS.put(JournalAction.PARTNER_SIGNED_OUT, "Déconnexion demandée à un site partenaire");
		LABELS.put(JournalAction.PARTNER_SITE_DISABLED, "Site partenaire désactivé");
		LABELS.put(JournalAction.PARTNER_SITE_ENABLED, "Site partenaire réactivé");
	}

	private ActionLabels() {
	}

	public static String of(String action) {
		try {
			return LABELS.getOrDefault(JournalAction.valueOf(action), action);
		}
		catch (IllegalArgumentException ex) {
			return action;
		}
	}

	public static Map<JournalAction, String> all() {
		return LABELS;
	}

}
