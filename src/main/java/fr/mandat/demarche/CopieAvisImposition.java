package fr.mandat.demarche;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

/** Input of the démarche {@code copie-avis-imposition}. */
record CopieAvisImposition(

		@InputField(label = "Numéro fiscal",
				hint = "13 chiffres, en haut de la première page de la déclaration ou de l'avis d'impôt.",
				example = "1234567890123",
				inputMode = "numeric") @NotBlank(message = "Saisissez le numéro fiscal.") @Pattern(
						regexp = "[0-3][0-9]{12}",
						message = "Le numéro fiscal comporte 13 chiffres et commence par 0, 1, 2 ou 3.") @Nullable String numeroFiscal,

		@InputField(label = "Année des revenus",
				hint = "L'avis reçu une année porte sur les revenus de l'année précédente.", example = "2025") @NotNull(
						message = "Indiquez l'année des revenus.") @RevenueYear(maxAge = 5) @Nullable Integer annee) {

	CopieAvisImposition {
		numeroFiscal = Normalize.withoutSpaces(numeroFiscal);
	}

}
