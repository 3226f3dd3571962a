package fr.mandat.structure;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Comparator;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The responsable sees, on the structure's page, its mandates that end within 30 days,
 * the soonest first, and no other structure's (over real HTTP, signed in through
 * Keycloak).
 */
@MandatIntegrationTest
class ExpiringMandatesTests {

	private static final String VILLENEUVE = "France Services de Villeneuve";

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ExpiringMandates expiringMandates;

	@Test
	void theStructuresPageListsItsMandatesEndingWithinThirtyDays() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID tomorrow = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("argent"), 1);
		UUID inHalfAYear = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("social"), 182);
		UUID revoked = fixtures.create(DemoAccount.CAMILLE, VILLENEUVE, List.of("papiers"), 1);
		fixtures.revoke(revoked, DemoAccount.CAMILLE, VILLENEUVE);
		UUID elsewhere = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("argent"), 1);

		StaffHttp sophie = StaffHttp.signIn(DemoAccount.SOPHIE);
		HttpResponse<String> page = sophie.get("/structure/aidants");

		assertThat(page.statusCode()).isEqualTo(200);
		String body = page.body();
		assertThat(body).contains("Mandats qui expirent dans les 30 jours")
			.doesNotContain("/mandats/" + inHalfAYear)
			.doesNotContain("/mandats/" + revoked)
			.doesNotContain("/mandats/" + elsewhere);
		Matcher row = Pattern
			.compile("<tr>(?:(?!</tr>).)*/mandats/" + tomorrow + "(?:(?!</tr>).)*</tr>", Pattern.DOTALL)
			.matcher(body);
		assertThat(row.find()).isTrue();
		assertThat(row.group()).contains("Jeanne Dupont")
			.contains("Camille Martin")
			.contains("Argent - Impôts - Consommation");
		// And the mandate's own page is one click away for this responsable, also an
		// aidant.
		assertThat(sophie.get("/mandats/" + tomorrow).statusCode()).isEqualTo(200);
	}

	@Test
	void theSoonestComeFirstWithHowManyThereAre() {
		MandateFixtures fixtures = new MandateFixtures(this.context);
		UUID first = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("famille"), 1);
		UUID later = fixtures.create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("logement"), 1);
		UUID structure = this.context.getBean(StaffDirectory.class)
			.findBySubject(DemoAccount.LUCAS.subject())
			.orElseThrow()
			.structures()
			.stream()
			.filter(s -> s.name().equals(SAINT_AUBIN))
			.findFirst()
			.orElseThrow()
			.id();

		ExpiringMandates.Expiring expiring = this.expiringMandates.of(structure, 500);

		List<UUID> ids = expiring.mandates().stream().map(ExpiringMandates.Row::mandateId).toList();
		assertThat(ids).contains(first, later);
		assertThat(expiring.mandates()).isSortedAccordingTo(Comparator.comparing(ExpiringMandates.Row::notAfter));
		assertThat(expiring.total()).isEqualTo(ids.size());
		assertThat(expiring.mandates()).filteredOn(m -> m.mandateId().equals(first)).singleElement().satisfies(m -> {
			assertThat(m.usagerName()).isEqualTo("Jeanne Dupont");
			assertThat(m.categories()).containsExactly(DemarcheCategory.FAMILLE);
		});
		ExpiringMandates.Expiring one = this.expiringMandates.of(structure, 1);
		assertThat(one.mandates()).hasSize(1);
		assertThat(one.total()).isEqualTo(expiring.total());
	}

}
