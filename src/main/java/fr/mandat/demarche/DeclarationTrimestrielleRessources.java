package fr.mandat.demarche;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

/** Input of the démarche {@code declaration-trimestrielle-ressources}. */
record DeclarationTrimestrielleRessources(

		@InputField(label = "Numéro d'allocataire",
				hint = "7 chiffres, indiqués sur les courriers de la caisse d'allocations familiales.",
				example = "1234567",
				inputMode = "numeric") @NotBlank(message = "Saisissez le numéro d'allocataire.") @Pattern(
						regexp = "\\d{7}",
						message = "Le numéro d'allocataire comporte 7 chiffres.") @Nullable String numeroAllocataire,

		@InputField(label = "Trimestre déclaré", hint = "L'année, puis le trimestre de T1 à T4.",
				example = "2026-T3") @NotBlank(message = "Indiquez le trimestre déclaré.") @Pattern(
						regexp = "20\\d{2}-T[1-4]",
						message = "Indiquez le trimestre au format AAAA-T1 à AAAA-T4, par exemple 2026-T3.") @Nullable String trimestre,

		@InputField(label = "Salaires du trimestre, en euros",
				hint = "Total net des trois mois, arrondi à l'euro. Saisissez 0 s'il n'y en a pas.",
				example = "1850") @NotNull(message = "Indiquez le montant des salaires, 0 s'il n'y en a pas.") @Min(
						value = 0, message = "Le montant ne peut pas être négatif.") @Max(value = 999_999,
								message = "Le montant ne peut pas dépasser 999 999 euros.") @Nullable Integer salaires,

		@InputField(label = "Autres ressources du trimestre, en euros",
				hint = "Indemnités, pensions, revenus d'activité indépendante… Saisissez 0 s'il n'y en a pas.",
				example = "0") @NotNull(
						message = "Indiquez le montant des autres ressources, 0 s'il n'y en a pas.") @Min(value = 0,
								message = "Le montant ne peut pas être négatif.") @Max(value = 999_999,
										message = "Le montant ne peut pas dépasser 999 999 euros.") @Nullable Integer autresRessources) {

	DeclarationTrimestrielleRessources {
		numeroAllocataire = Normalize.withoutSpaces(numeroAllocataire);
		trimestre = Normalize.upperCaseWithoutSpaces(trimestre);
	}

}
