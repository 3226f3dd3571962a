package fr.mandat.demarche;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import fr.mandat.demarche.InputBinding.Invalid;
import fr.mandat.demarche.InputBinding.Valid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class DemarcheInputBinderTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T09:00:00Z"), ZoneId.of("Europe/Paris"));

	private final DemarcheCatalogue catalogue = new DemarcheCatalogue(
			DemarcheFixtures.properties(DemarcheFixtures.everywhere(URI.create("http://localhost:8201"))));

	private final DemarcheInputBinder binder = new DemarcheInputBinder(DemarcheConfiguration.validator(CLOCK));

	@Test
	void bindsAValidDeclarationTrimmedAndNormalised() {
		InputBinding binding = bind(DemarcheFixtures.DECLARATION, Map.of("numeroAllocataire", " 12 34 567 ",
				"trimestre", "2026-t1", "salaires", "1 850", "autresRessources", "0", "inconnu", "ignoré"));

		assertThat(binding).asInstanceOf(type(Valid.class))
			.extracting(Valid::input)
			.isEqualTo(new DeclarationTrimestrielleRessources("1234567", "2026-T1", 1850, 0));
	}

	@Test
	void bindsARegistrationNumberInTheSivForm() {
		InputBinding binding = bind(DemarcheFixtures.CHANGEMENT_ADRESSE, Map.of("numeroImmatriculation", "ab 123 cd",
				"adresse", "12 rue des Lilas", "codePostal", "87000", "commune", "Limoges"));

		assertThat(binding).asInstanceOf(type(Valid.class))
			.extracting(Valid::input)
			.isEqualTo(new ChangementAdresseCertificat("AB-123-CD", "12 rue des Lilas", "87000", "Limoges"));
	}

	@Test
	void bindsACopyOfATaxNoticeForLastYear() {
		InputBinding binding = bind(DemarcheFixtures.COPIE_AVIS,
				Map.of("numeroFiscal", "1234 567 890 123", "annee", "2025"));

		assertThat(binding).asInstanceOf(type(Valid.class))
			.extracting(Valid::input)
			.isEqualTo(new CopieAvisImposition("1234567890123", 2025));
	}

	@Test
	void saysInFrenchWhatIsMissing() {
		assertThat(errors(DemarcheFixtures.DECLARATION, Map.of("numeroAllocataire", "   "))).containsExactly(
				Map.entry("numeroAllocataire", "Saisissez le numéro d'allocataire."),
				Map.entry("trimestre", "Indiquez le trimestre déclaré."),
				Map.entry("salaires", "Indiquez le montant des salaires, 0 s'il n'y en a pas."),
				Map.entry("autresRessources", "Indiquez le montant des autres ressources, 0 s'il n'y en a pas."));
	}

	@Test
	void saysInFrenchWhatIsWrongInADeclaration() {
		assertThat(errors(DemarcheFixtures.DECLARATION,
				Map.of("numeroAllocataire", "123456", "trimestre", "2026-T5", "salaires", "-1", "autresRessources",
						"1000000")))
			.containsExactly(Map.entry("numeroAllocataire", "Le numéro d'allocataire comporte 7 chiffres."),
					Map.entry("trimestre", "Indiquez le trimestre au format AAAA-T1 à AAAA-T4, par exemple 2026-T3."),
					Map.entry("salaires", "Le montant ne peut pas être négatif."),
					Map.entry("autresRessources", "Le montant ne peut pas dépasser 999 999 euros."));
	}

	@Test
	void saysInFrenchWhatIsWrongInAnAddressChange() {
		Map<String, String> values = new HashMap<>(Map.of("numeroImmatriculation", "AB-000-CD", "adresse",
				"x".repeat(201), "codePostal", "8700", "commune", "Limoges"));

		assertThat(errors(DemarcheFixtures.CHANGEMENT_ADRESSE, values)).containsExactly(
				Map.entry("numeroImmatriculation", "Saisissez un numéro d'immatriculation au format AB-123-CD."),
				Map.entry("adresse", "L'adresse ne peut pas dépasser 200 caractères."),
				Map.entry("codePostal", "Le code postal comporte 5 chiffres."));
		values.put("numeroImmatriculation", "IO-123-UA");
		assertThat(errors(DemarcheFixtures.CHANGEMENT_ADRESSE, values)).containsEntry("numeroImmatriculation",
				"Saisissez un numéro d'immatriculation au format AB-123-CD.");
	}

	@Test
	void acceptsOnlyRecentPastYearsOfIncome() {
		String expected = "Indiquez une année de revenus entre 2021 et 2025.";

		assertThat(errors(DemarcheFixtures.COPIE_AVIS, Map.of("numeroFiscal", "4234567890123", "annee", "2026")))
			.containsExactly(
					Map.entry("numeroFiscal", "Le numéro fiscal comporte 13 chiffres et commence par 0, 1, 2 ou 3."),
					Map.entry("annee", expected));
		assertThat(errors(DemarcheFixtures.COPIE_AVIS, Map.of("numeroFiscal", "1234567890123", "annee", "2020")))
			.containsExactly(Map.entry("annee", expected));
		assertThat(bind(DemarcheFixtures.COPIE_AVIS, Map.of("numeroFiscal", "1234567890123", "annee", "2021")))
			.isInstanceOf(Valid.class);
	}

	@Test
	void saysInFrenchWhenANumberIsNotANumber() {
		assertThat(errors(DemarcheFixtures.DECLARATION,
				Map.of("numeroAllocataire", "1234567", "trimestre", "2026-T1", "salaires", "1850,50",
						"autresRessources", "beaucoup")))
			.containsExactly(Map.entry("salaires", "Saisissez un nombre entier."),
					Map.entry("autresRessources", "Saisissez un nombre entier."));
		assertThat(
				errors(DemarcheFixtures.COPIE_AVIS, Map.of("numeroFiscal", "1234567890123", "annee", "l'an dernier")))
			.containsExactly(Map.entry("annee", "Saisissez un nombre entier."));
	}

	@Test
	void refusesOverlongValuesBeforeReadingThem() {
		assertThat(errors(DemarcheFixtures.COPIE_AVIS,
				Map.of("numeroFiscal", "1".repeat(DemarcheInputBinder.MAX_VALUE_LENGTH + 1), "annee", "2025")))
			.containsExactly(Map.entry("numeroFiscal", "Cette valeur est trop longue."));
	}

	private InputBinding bind(String demarcheId, Map<String, String> values) {
		return this.binder.bind(this.catalogue.demarche(demarcheId).orElseThrow(), values);
	}

	private Map<String, String> errors(String demarcheId, Map<String, String> values) {
		InputBinding binding = bind(demarcheId, values);
		assertThat(binding).isInstanceOf(Invalid.class);
		return ((Invalid) binding).errors();
	}

}
