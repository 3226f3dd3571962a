package fr.mandat.demarche;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import fr.mandat.demarche.DemarcheProperties.DemarcheSettings;
import fr.mandat.demarche.DemarcheProperties.Retry;
import fr.mandat.signing.PersonalDataProtection;
import fr.mandat.signing.ServiceSignatures;
import fr.mandat.signing.TestSigning;
import fr.mandat.structure.DemarcheCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DemarcheCatalogueTests {

	private final DemarcheCatalogue catalogue = new DemarcheCatalogue(
			DemarcheFixtures.properties(DemarcheFixtures.everywhere(URI.create("http://localhost:8201"))));

	@TempDir
	static Path keys;

	/** The application's own configuration, with the demarche module's beans only. */
	private final ApplicationContextRunner application = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(DemarcheConfiguration.class)
		.withBean(ServiceSignatures.class, () -> TestSigning.in(keys).signatures())
		.withBean(PersonalDataProtection.class, () -> TestSigning.in(keys).personalData())
		.withBean(Clock.class, Clock::systemUTC);

	@Test
	void listsDemarchesInConfigurationOrder() {
		assertThat(this.catalogue.demarches()).extracting(Demarche::id)
			.containsExactly("declaration-trimestrielle-ressources", "changement-adresse-certificat",
					"copie-avis-imposition");
		assertThat(this.catalogue.partners()).extracting(Partner::id)
			.containsExactly("allocations-familiales", "immatriculation", "impots");
	}

	@Test
	void filtersDemarchesByTheCategoriesAMandateCovers() {
		assertThat(this.catalogue.demarches(Set.of(DemarcheCategory.ARGENT, DemarcheCategory.SOCIAL)))
			.extracting(Demarche::id)
			.containsExactly("declaration-trimestrielle-ressources", "copie-avis-imposition");
		assertThat(this.catalogue.demarches(Set.of(DemarcheCategory.JUSTICE))).isEmpty();
	}

	@Test
	void findsADemarcheAndItsPartner() {
		Demarche demarche = this.catalogue.demarche("changement-adresse-certificat").orElseThrow();

		assertThat(demarche.inputType()).isEqualTo(ChangementAdresseCertificat.class);
		assertThat(demarche.idempotent()).isFalse();
		assertThat(demarche.category()).isEqualTo(DemarcheCategory.TRANSPORTS);
		assertThat(this.catalogue.partnerOf(demarche).audience()).isEqualTo("urn:mandat:partenaire:immatriculation");
		assertThat(this.catalogue.demarche("inconnue")).isEmpty();
		assertThat(this.catalogue.partner("inconnu")).isEmpty();
	}

	@Test
	void refusesADemarcheOfAnUnknownPartner() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new DemarcheCatalogue(with("nouvelle-demarche",
					new DemarcheSettings("caisse-de-retraite", DemarcheCategory.TRAVAIL, "Libellé", "Description", "/x",
							CopieAvisImposition.class.getName(), false))))
			.withMessageContaining("unknown partner 'caisse-de-retraite'");
	}

	@Test
	void refusesAnInputThatIsNotARecordOrHasNoForm() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new DemarcheCatalogue(with("nouvelle-demarche", settings(String.class.getName()))))
			.withMessageContaining("is not a record");
		assertThatIllegalStateException()
			.isThrownBy(() -> new DemarcheCatalogue(with("nouvelle-demarche", settings("fr.mandat.demarche.Absent"))))
			.withMessageContaining("not found");
		assertThatIllegalStateException()
			.isThrownBy(() -> new DemarcheCatalogue(with("nouvelle-demarche", settings(Unlabelled.class.getName()))))
			.withMessageContaining("has no @InputField");
	}

	@Test
	void refusesAnIdThatIsNotKebabCase() {
		assertThatIllegalStateException().isThrownBy(
				() -> new DemarcheCatalogue(with("Nouvelle_Demarche", settings(CopieAvisImposition.class.getName()))))
			.withMessageContaining("not kebab-case");
	}

	@Test
	void startsWithTheApplicationsConfiguration() {
		this.application.run(context -> {
			assertThat(context).hasNotFailed();
			DemarcheCatalogue configured = context.getBean(DemarcheCatalogue.class);
			assertThat(configured.demarches()).extracting(Demarche::id)
				.containsExactly("declaration-trimestrielle-ressources", "changement-adresse-certificat",
						"copie-avis-imposition");
			assertThat(configured.demarches())
				.allSatisfy(demarche -> assertThat(demarche.label()).contains("(simulé)"));
			assertThat(configured.partner("impots").orElseThrow().baseUrl())
				.isEqualTo(URI.create("http://localhost:8203"));
			assertThat(configured.demarche("declaration-trimestrielle-ressources").orElseThrow().idempotent()).isTrue();
		});
	}

	@Test
	void refusesToStartWithTokensLivingOverAMinute() {
		this.application.withPropertyValues("mandat.demarche.token-ttl=61s").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tokenTtl");
		});
	}

	@Test
	void refusesToStartWithADemarcheOfAnUnknownPartner() {
		this.application.withPropertyValues("mandat.demarche.demarches.copie-avis-imposition.partner=dgfip")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("unknown partner 'dgfip'");
			});
	}

	private static DemarcheSettings settings(String input) {
		return new DemarcheSettings("impots", DemarcheCategory.ARGENT, "Libellé", "Description", "/x", input, false);
	}

	private static DemarcheProperties with(String id, DemarcheSettings settings) {
		DemarcheProperties base = DemarcheFixtures.properties(Map.of("impots", URI.create("http://localhost:8203")));
		Map<String, DemarcheSettings> demarches = new LinkedHashMap<>();
		demarches.put(id, settings);
		return new DemarcheProperties(base.tokenIssuer(), Duration.ofSeconds(30), new Retry(1, Duration.ZERO),
				base.partners(), demarches);
	}

	record Unlabelled(String value) {

	}

}
