package fr.mandat.mandate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mandat.mandate.MandateListing.StatusFilter;
import fr.mandat.structure.StaffDirectory;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of mandates filtered in SQL: the state at the current instant, and the
 * usager's name through its blind index (ADR 0096), never decrypting a name to filter.
 */
@MandatIntegrationTest
class MandateListTests {

	private static @Nullable StaffHttp camilleHttp;

	@Autowired
	private MandateCreation mandates;

	@Autowired
	private MandateRevocation revocation;

	@Autowired
	private StructureMandates structureMandates;

	@Autowired
	private UsagerNameIndexBackfill backfill;

	@Autowired
	private Clock clock;

	@Autowired
	private StaffDirectory staff;

	@Autowired
	private JdbcClient jdbc;

	private MandateTestData data;

	@BeforeEach
	void data() {
		this.data = new MandateTestData(this.mandates, this.clock, this.staff);
	}

	@Test
	void findsAUsagerWhateverTheAccentsCaseAndWordOrder() {
		String word = randomWord();
		Mandate mandate = this.data.create(this.data.camille(), MandateTestData.newSubject(), "Éloïse",
				"Lefèvre-" + word, List.of("papiers"), 31);

		for (String query : List.of("eloise " + word, "ÉLOÏSE " + word.toUpperCase(), word + " lefevre",
				"Lefèvre " + word, word.substring(0, 4), "Elo " + word + " lef")) {
			assertThat(found(StatusFilter.ALL, query)).as(query).containsExactly(mandate.id());
		}
		assertThat(found(StatusFilter.ACTIVE, word)).containsExactly(mandate.id());
		assertThat(found(StatusFilter.REVOKED, word)).isEmpty();
	}

	@Test
	void findsNoOneForANameThatMatchesNoUsager() {
		String word = randomWord();
		this.data.create(this.data.camille(), MandateTestData.newSubject(), "Éloïse", "Lefèvre-" + word,
				List.of("papiers"), 31);

		// Every word must begin a word of the name: the middle of a word is not searched.
		for (String query : List.of(word + "x", "eloise " + randomWord(), word.substring(1), "jeanne " + word)) {
			assertThat(found(StatusFilter.ALL, query)).as(query).isEmpty();
		}
	}

	@Test
	void neverListsAnotherStructuresUsager() {
		String word = randomWord();
		Mandate lucas = this.data.create(this.data.lucas(), MandateTestData.newSubject(), "Éloïse", "Lefèvre-" + word,
				List.of("papiers"), 31);

		assertThat(found(StatusFilter.ALL, word)).isEmpty();
		assertThat(this.structureMandates.list(this.data.lucas().structure(), StatusFilter.ALL, word, 1).mandates())
			.extracting(Mandate::id)
			.containsExactly(lucas.id());
	}

	@Test
	void filtersTheStateInTheDatabase() {
		String word = randomWord();
		MandateTestData.Counter camille = this.data.camille();
		Mandate revoked = this.data.create(camille, MandateTestData.newSubject(), "Noé", word, List.of("social"), 31);
		Mandate active = this.data.create(camille, MandateTestData.newSubject(), "Zoé", word, List.of("social"), 365);
		this.revocation.revoke(revoked.id(), List.of(), camille.member(), camille.structure(), MandateTestData.BASE);

		assertThat(found(StatusFilter.REVOKED, word)).containsExactly(revoked.id());
		assertThat(found(StatusFilter.ACTIVE, word)).containsExactly(active.id());
		assertThat(found(StatusFilter.EXPIRING, word)).isEmpty();
		assertThat(found(StatusFilter.EXPIRED, word)).isEmpty();
		assertThat(found(StatusFilter.ALL, word)).containsExactlyInAnyOrder(revoked.id(), active.id());
		assertThat(found(StatusFilter.ALL, "noe " + word)).containsExactly(revoked.id());
	}

	@Test
	void theBackfillIndexesMandatesSignedBeforeTheIndexExisted() {
		String word = randomWord();
		Mandate mandate = this.data.create(this.data.camille(), MandateTestData.newSubject(), "Gaël", word,
				List.of("logement"), 31);
		this.jdbc.sql("UPDATE mandate SET usager_name_index = NULL WHERE id = ?").param(mandate.id()).update();
		assertThat(found(StatusFilter.ALL, word)).isEmpty();

		assertThat(this.backfill.run()).isPositive();

		assertThat(found(StatusFilter.ALL, "gael " + word)).containsExactly(mandate.id());
		assertThat(this.jdbc.sql("SELECT count(*) FROM mandate WHERE usager_name_index IS NULL")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void thePageShowsTheNamesItFound() {
		String word = randomWord();
		Mandate mandate = this.data.create(this.data.camille(), MandateTestData.newSubject(), "Hélène",
				"Dubœuf-" + word, List.of("famille"), 31);

		String page = camille().get("/mandats?statut=tous&usager=" + encode("helene DUBOEUF " + word)).body();
		assertThat(page).contains("/mandats/" + mandate.id())
			.contains("Hélène Dubœuf-" + word)
			.contains("Mandats (<span>1</span>)");
		String none = camille().get("/mandats?statut=tous&usager=" + encode(randomWord())).body();
		assertThat(none).contains("Aucun mandat ne correspond.");
	}

	private List<UUID> found(StatusFilter status, String query) {
		return this.structureMandates.list(this.data.camille().structure(), status, query, 1)
			.mandates()
			.stream()
			.map(Mandate::id)
			.toList();
	}

	private static StaffHttp camille() {
		StaffHttp http = camilleHttp;
		if (http == null) {
			http = StaffHttp.signIn(DemoAccount.CAMILLE);
			camilleHttp = http;
		}
		return http;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/** A word no other test's usager has: ten letters. */
	private static String randomWord() {
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
		}
		return word.toString();
	}

}
