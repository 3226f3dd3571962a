package fr.mandat.structure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrenchTests {

	@Test
	void structuresNamedAfterACommonNounTakeItsArticle() {
		assertThat(French.ofStructure("Mairie de Saint-Aubin")).isEqualTo("de la Mairie de Saint-Aubin");
		assertThat(French.ofStructure("Centre social des Tilleuls")).isEqualTo("du Centre social des Tilleuls");
		assertThat(French.ofStructure("Équipe nationale Mandat")).isEqualTo("de l’Équipe nationale Mandat");
		assertThat(French.ofStructure("Espace France Services")).isEqualTo("de l’Espace France Services");
		assertThat(French.ofStructure("CCAS de Villeneuve")).isEqualTo("du CCAS de Villeneuve");
		assertThat(French.theStructure("Maison des solidarités")).isEqualTo("la Maison des solidarités");
	}

	@Test
	void structuresWithAProperNameTakeNoArticle() {
		assertThat(French.ofStructure("France Services de Villeneuve")).isEqualTo("de France Services de Villeneuve");
		assertThat(French.theStructure("France Services de Villeneuve")).isEqualTo("France Services de Villeneuve");
	}

	@Test
	void namesStartingWithAVowelElide() {
		assertThat(French.of("Élodie Roux")).isEqualTo("d’Élodie Roux");
		assertThat(French.of("Inès Moreau")).isEqualTo("d’Inès Moreau");
		assertThat(French.of("Yasmine Aït")).isEqualTo("de Yasmine Aït");
		assertThat(French.of("Camille Martin")).isEqualTo("de Camille Martin");
	}

}
