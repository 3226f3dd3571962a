package fr.mandat.structure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiretTests {

	@Test
	void validNumbersPassWithOrWithoutSpaces() {
		assertThat(Siret.normalize("21930077400011")).isEqualTo("21930077400011");
		assertThat(Siret.normalize("732 829 320 00074")).isEqualTo("73282932000074");
		// La Poste's head office follows Luhn; its other establishments a sum of digits.
		assertThat(Siret.normalize("35600000000048")).isEqualTo("35600000000048");
		assertThat(Siret.normalize("35600000049837")).isEqualTo("35600000049837");
	}

	@Test
	void aWrongCheckDigitOrShapeIsRefused() {
		assertThat(Siret.normalize("21930077400012")).isNull();
		assertThat(Siret.normalize("12345678901234")).isNull();
		assertThat(Siret.normalize("35600000049838")).isNull();
		assertThat(Siret.normalize("2193007740001")).isNull();
		assertThat(Siret.normalize("219300774000111")).isNull();
		assertThat(Siret.normalize("2193007740001A")).isNull();
		assertThat(Siret.normalize("")).isNull();
		assertThat(Siret.normalize(null)).isNull();
	}

}
