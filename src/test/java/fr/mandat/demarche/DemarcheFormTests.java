package fr.mandat.demarche;

import fr.mandat.demarche.DemarcheForm.FormField;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemarcheFormTests {

	@Test
	void describesEachFieldOfTheInputRecord() {
		DemarcheForm form = DemarcheForm.of(ChangementAdresseCertificat.class);

		assertThat(form.fields()).extracting(FormField::name)
			.containsExactly("numeroImmatriculation", "adresse", "codePostal", "commune");
		assertThat(form.fields().get(0)).isEqualTo(new FormField("numeroImmatriculation", "Numéro d'immatriculation",
				"Tel qu'il figure sur le certificat d'immatriculation (carte grise).", "AB-123-CD", "text", "off", true,
				null));
		assertThat(form.fields().get(1).autocomplete()).isEqualTo("street-address");
		assertThat(form.fields().get(1).maxLength()).isEqualTo(200);
		assertThat(form.fields().get(2).inputMode()).isEqualTo("numeric");
		assertThat(form.fields().get(2).autocomplete()).isEqualTo("postal-code");
		assertThat(form.fields()).allSatisfy(field -> {
			assertThat(field.required()).isTrue();
			assertThat(field.type()).isEqualTo("text");
		});
	}

	@Test
	void collectsNumbersAsNumericText() {
		FormField salaires = DemarcheForm.of(DeclarationTrimestrielleRessources.class).fields().get(2);

		assertThat(salaires.name()).isEqualTo("salaires");
		assertThat(salaires.label()).isEqualTo("Salaires du trimestre, en euros");
		assertThat(salaires.inputMode()).isEqualTo("numeric");
		assertThat(salaires.type()).isEqualTo("text");
		assertThat(salaires.example()).isEqualTo("1850");
	}

	@Test
	void refusesRecordsItCannotDescribe() {
		assertThatIllegalArgumentException().isThrownBy(() -> DemarcheForm.of(Unlabelled.class))
			.withMessageContaining("has no @InputField");
		assertThatIllegalArgumentException().isThrownBy(() -> DemarcheForm.of(WithADate.class))
			.withMessageContaining("java.time.LocalDate");
	}

	record Unlabelled(String value) {

	}

	record WithADate(@InputField(label = "Date") java.time.LocalDate date) {

	}

}
