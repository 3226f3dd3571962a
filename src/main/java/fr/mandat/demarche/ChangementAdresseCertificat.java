package fr.mandat.demarche;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * Input of the démarche {@code changement-adresse-certificat}. The registration number is
 * kept in the SIV form {@code AB-123-CD} (no I, O or U; never 000), whatever separators
 * or case the aidant typed.
 */
record ChangementAdresseCertificat(

		@InputField(label = "Numéro d'immatriculation",
				hint = "Tel qu'il figure sur le certificat d'immatriculation (carte grise).",
				example = "AB-123-CD") @NotBlank(message = "Saisissez le numéro d'immatriculation.") @Pattern(
						regexp = "[A-HJ-NP-TV-Z]{2}-(?!000)[0-9]{3}-[A-HJ-NP-TV-Z]{2}",
						message = "Saisissez un numéro d'immatriculation au format AB-123-CD.") @Nullable String numeroImmatriculation,

		@InputField(label = "Nouvelle adresse", hint = "Numéro et nom de la voie, avec le complément éventuel.",
				example = "12 rue des Lilas",
				autocomplete = "street-address") @NotBlank(message = "Saisissez la nouvelle adresse.") @Size(max = 200,
						message = "L'adresse ne peut pas dépasser 200 caractères.") @Nullable String adresse,

		@InputField(label = "Code postal", example = "87000", autocomplete = "postal-code",
				inputMode = "numeric") @NotBlank(message = "Saisissez le code postal.") @Pattern(regexp = "[0-9]{5}",
						message = "Le code postal comporte 5 chiffres.") @Nullable String codePostal,

		@InputField(label = "Commune", example = "Limoges", autocomplete = "address-level2") @NotBlank(
				message = "Saisissez la commune.") @Size(max = 100,
						message = "Le nom de la commune ne peut pas dépasser 100 caractères.") @Nullable String commune) {

	ChangementAdresseCertificat {
		numeroImmatriculation = siv(numeroImmatriculation);
		codePostal = Normalize.withoutSpaces(codePostal);
	}

	/** « ab 123 cd », « AB123CD » and « ab-123-cd » all become « AB-123-CD ». */
	private static @Nullable String siv(@Nullable String number) {
		String compact = Normalize.upperCaseWithoutSpaces(number);
		if (compact == null) {
			return null;
		}
		String letters = compact.replace("-", "");
		if (letters.matches("[A-Z]{2}[0-9]{3}[A-Z]{2}")) {
			return letters.substring(0, 2) + "-" + letters.substring(2, 5) + "-" + letters.substring(5);
		}
		return compact;
	}

}
