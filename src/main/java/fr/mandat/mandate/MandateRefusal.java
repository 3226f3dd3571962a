package fr.mandat.mandate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A mandate rule refused the action. The {@link Reason} says which rule, for the code (a
 * page decides from it beside which field the message goes); the message says it in
 * French, for the person at the counter.
 */
public class MandateRefusal extends RuntimeException {

	private final Reason reason;

	private final List<MandateRefusal> others;

	private MandateRefusal(Reason reason, String message, List<MandateRefusal> others) {
		super(message);
		this.reason = reason;
		this.others = List.copyOf(others);
	}

	/** A refusal with the reason's usual message. */
	static MandateRefusal of(Reason reason) {
		return new MandateRefusal(reason, reason.message, List.of());
	}

	/** A refusal whose message says more than the reason's usual one. */
	static MandateRefusal of(Reason reason, String message) {
		return new MandateRefusal(reason, message, List.of());
	}

	/** Several rules refused at once, so the page shows every message together. */
	static MandateRefusal together(List<MandateRefusal> refusals) {
		MandateRefusal first = refusals.get(0);
		List<MandateRefusal> others = new ArrayList<>(first.others);
		others.addAll(refusals.subList(1, refusals.size()));
		return new MandateRefusal(first.reason, first.getMessage(), others);
	}

	Reason reason() {
		return this.reason;
	}

	/** Never null: every refusal carries a French message, shown to people. */
	@Override
	public String getMessage() {
		return Objects.requireNonNull(super.getMessage());
	}

	/** This refusal and any made at the same time, this one first. */
	List<MandateRefusal> all() {
		List<MandateRefusal> all = new ArrayList<>();
		all.add(this);
		all.addAll(this.others);
		return all;
	}

	/** Why a mandate rule refused, with its usual French message. */
	enum Reason {

		NO_CATEGORY("Choisissez au moins une catégorie de démarches."),

		TOO_MANY_CATEGORIES("Trop de catégories ont été envoyées."),

		UNKNOWN_CATEGORY("Catégorie inconnue."),

		CATEGORY_NOT_OFFERED("Une catégorie choisie n'est pas proposée par votre structure."),

		NO_DURATION("Choisissez la durée du mandat."),

		DURATION_NOT_OFFERED("Cette durée n'est pas proposée : choisissez 1 jour, 1 mois, 6 mois ou 1 an."),

		NO_CONSENT("Confirmez que l'usager a été informé et consent."),

		USAGER_NOT_IDENTIFIED("L'usager n'a pas encore été identifié."),

		NO_DRAFT("Aucun mandat n'est en préparation, ou il a expiré. Commencez un nouveau mandat."),

		FOREIGN_DRAFT("Ce mandat en préparation a été commencé par une autre personne ou pour une autre structure."),

		DRAFT_EXPIRED(
				"Ce mandat en préparation a expiré. Recommencez : les informations saisies n'ont pas été enregistrées."),

		/** Revoking a mandate that is revoked, expired or not yet valid. */
		NOT_ACTIVE("Ce mandat n'est plus actif : il ne peut plus être révoqué."),

		/** Revoking a category the mandate does not cover (any more). */
		AUTORISATION_NOT_ACTIVE("Cette autorisation n'existe pas dans ce mandat ou est déjà révoquée."),

		/** Renewing a revoked mandate. */
		REVOKED_NOT_RENEWABLE("Un mandat révoqué ne peut pas être renouvelé : créez un nouveau mandat."),

		/**
		 * Renewing a mandate that ended more than {@link Mandate#RENEWABLE_AFTER_EXPIRY}
		 * ago.
		 */
		EXPIRED_TOO_LONG_AGO(
				"Ce mandat a expiré il y a plus d'un an : créez un nouveau mandat avec une nouvelle identification."),

		/** Renewing once more than allowed without identifying the usager again. */
		TOO_MANY_RENEWALS("Ce mandat a déjà été renouvelé trop de fois sans nouvelle identification de l'usager : "
				+ "créez un nouveau mandat, pour lequel l'usager s'identifiera de nouveau."),

		/** Renewing a mandate none of whose categories the structure offers any more. */
		NO_CATEGORY_STILL_OFFERED("Aucune catégorie de ce mandat n'est encore proposée par la structure.");

		private final String message;

		Reason(String message) {
			this.message = message;
		}

	}

}
