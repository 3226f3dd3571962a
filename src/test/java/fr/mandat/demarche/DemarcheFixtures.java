package fr.mandat.demarche;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import fr.mandat.demarche.DemarcheProperties.CircuitBreakerSettings;
import fr.mandat.demarche.DemarcheProperties.DemarcheSettings;
import fr.mandat.demarche.DemarcheProperties.PartnerSettings;
import fr.mandat.demarche.DemarcheProperties.Retry;
import fr.mandat.structure.DemarcheCategory;

/** The three démarches of the default configuration, pointed at given addresses. */
final class DemarcheFixtures {

	static final String ISSUER = "http://localhost:8080";

	static final String ALLOCATIONS = "allocations-familiales";

	static final String IMMATRICULATION = "immatriculation";

	static final String IMPOTS = "impots";

	static final String DECLARATION = "declaration-trimestrielle-ressources";

	static final String CHANGEMENT_ADRESSE = "changement-adresse-certificat";

	static final String COPIE_AVIS = "copie-avis-imposition";

	static final CircuitBreakerSettings BREAKER = new CircuitBreakerSettings(50, 10, 5, Duration.ofSeconds(30), 2);

	private DemarcheFixtures() {
	}

	static DemarcheProperties properties(Map<String, URI> baseUrls) {
		return properties(baseUrls, BREAKER);
	}

	static DemarcheProperties properties(Map<String, URI> baseUrls, CircuitBreakerSettings breaker) {
		Map<String, PartnerSettings> partners = new LinkedHashMap<>();
		baseUrls.forEach((id, url) -> partners.put(id, new PartnerSettings(id + " (simulé)", url,
				"urn:mandat:partenaire:" + id, Duration.ofSeconds(1), Duration.ofSeconds(2), breaker)));
		Map<String, DemarcheSettings> demarches = new LinkedHashMap<>();
		demarches.put(DECLARATION,
				new DemarcheSettings(ALLOCATIONS, DemarcheCategory.SOCIAL, "Déclarer ses ressources trimestrielles",
						"Déclare les ressources d'un trimestre.", "/api/v1/declarations-trimestrielles",
						DeclarationTrimestrielleRessources.class.getName(), true));
		demarches.put(CHANGEMENT_ADRESSE,
				new DemarcheSettings(IMMATRICULATION, DemarcheCategory.TRANSPORTS,
						"Changer l'adresse du certificat d'immatriculation", "Met à jour l'adresse de la carte grise.",
						"/api/v1/certificats/changements-adresse", ChangementAdresseCertificat.class.getName(), false));
		demarches.put(COPIE_AVIS,
				new DemarcheSettings(IMPOTS, DemarcheCategory.ARGENT, "Obtenir une copie de l'avis d'impôt",
						"Demande une copie de l'avis d'impôt.", "/api/v1/avis-imposition/copies",
						CopieAvisImposition.class.getName(), true));
		return new DemarcheProperties(ISSUER, Duration.ofSeconds(60), new Retry(3, Duration.ofMillis(10)), partners,
				demarches);
	}

	static Map<String, URI> everywhere(URI url) {
		Map<String, URI> urls = new LinkedHashMap<>();
		urls.put(ALLOCATIONS, url);
		urls.put(IMMATRICULATION, url);
		urls.put(IMPOTS, url);
		return urls;
	}

	static DelegationRequest request(String demarcheId) {
		return new DelegationRequest(demarcheId, "usager-pseudonyme-42", UUID.randomUUID(), "21870085600015",
				UUID.randomUUID(), UUID.randomUUID());
	}

}
