package fr.mandat.web;

import fr.mandat.structure.French;

import org.springframework.stereotype.Component;

/**
 * The small words before names, for templates: {@code ${@french.ofStructure(name)}} gives
 * « de la Mairie de Saint-Aubin », {@code ${@french.of(name)}} « d’Élodie Roux ».
 */
@Component("french")
public class FrenchWords {

	public String of(String name) {
		return French.of(name);
	}

	public String ofStructure(String name) {
		return French.ofStructure(name);
	}

	public String theStructure(String name) {
		return French.theStructure(name);
	}

}
