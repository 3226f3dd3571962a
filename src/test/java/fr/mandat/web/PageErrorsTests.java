package fr.mandat.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.mandate.MandateFixtures;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.StaffHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' one advice ({@link PageErrors}): an address that cannot name anything, or
 * names nothing, is the same 404 page in every page family; a refusal for another
 * structure's mandate or aidant is the 403 page and exactly one journal entry, whatever
 * module's page refused it.
 */
@MandatIntegrationTest
class PageErrorsTests {

	private static final String SAINT_AUBIN = "Mairie de Saint-Aubin";

	private static final UUID VILLENEUVE_ID = UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000001");

	private static final String SOPHIE_ID = "7d2f9a10-0000-4000-8000-000000000003";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anIdentifierThatIsNotAUuidOrNamesNothingIsTheNotFoundPageInEveryPageFamily() {
		StaffHttp lucas = StaffHttp.signIn(DemoAccount.LUCAS);
		StaffHttp hugo = StaffHttp.signIn(DemoAccount.HUGO);
		StaffHttp paul = StaffHttp.signIn(DemoAccount.PAUL);
		String unknown = UUID.randomUUID().toString();
		Map<StaffHttp, List<String>> paths = Map.of(lucas,
				List.of("/mandats/pas-un-uuid", "/mandats/" + unknown, "/mandats/pas-un-uuid/attestation.pdf",
						"/demarches?mandat=pas-un-uuid", "/demarches?mandat=" + unknown, "/demarches",
						"/demarches/resultats/pas-un-uuid"),
				hugo, List.of("/structure/aidants/pas-un-uuid/desactivation"), paul,
				List.of("/admin/structures/pas-un-uuid", "/admin/structures/" + unknown,
						"/admin/structures/" + unknown + "/responsables", "/admin/habilitations/pas-un-uuid",
						"/admin/habilitations/" + unknown));
		paths.forEach((session, list) -> list.forEach(path -> {
			HttpResponse<String> response = session.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.body()).as(path).contains("Page introuvable", "Erreur 404").doesNotContain("Exception");
		}));
	}

	@Test
	void aBadEntryNumberIsExplainedOnTheAuditorsOwnPage() {
		StaffHttp ines = StaffHttp.signIn(DemoAccount.INES);

		HttpResponse<String> response = ines.get("/audit/entrees/abc");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("doit être un nombre entier positif.").doesNotContain("Exception");
	}

	@Test
	void anotherStructuresMandateIsRefusedOnMandateAndDemarchePagesAndEachRefusalJournaledOnce() {
		UUID mandate = new MandateFixtures(this.context).create(DemoAccount.LUCAS, SAINT_AUBIN, List.of("papiers"), 31);
		StaffHttp sophie = StaffHttp.signIn(DemoAccount.SOPHIE);

		for (String path : List.of("/mandats/" + mandate, "/demarches?mandat=" + mandate)) {
			HttpResponse<String> response = sophie.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(403);
			assertThat(response.body()).as(path).contains("Accès refusé");
		}

		List<Map<String, Object>> entries = this.jdbc.sql("""
				SELECT actor_type, actor_id, structure_id, payload FROM journal_entry
				WHERE action = 'ACCESS_DENIED' AND mandate_id = ? ORDER BY recorded_at, id
				""").param(mandate).query().listOfRows();
		assertThat(entries).hasSize(2);
		for (Map<String, Object> entry : entries) {
			assertThat(entry.get("actor_type")).isEqualTo("AIDANT");
			assertThat(entry.get("actor_id")).isEqualTo(SOPHIE_ID);
			assertThat(entry.get("structure_id")).isEqualTo(VILLENEUVE_ID);
		}
		assertThat(entries.stream().map(entry -> payload(entry.get("payload")))).containsExactlyInAnyOrder(
				Map.of("method", "GET", "path", "/mandats/" + mandate, "reason", "other-structure"),
				Map.of("method", "GET", "path", "/demarches", "reason", "other-structure"));
	}

	@Test
	void anotherStructuresAidantIsRefusedToTheResponsableAndJournaledOnce() {
		StaffHttp hugo = StaffHttp.signIn(DemoAccount.HUGO);
		String sophie = SOPHIE_ID;
		long before = deniedFor(sophie);

		HttpResponse<String> response = hugo.get("/structure/aidants/" + sophie + "/desactivation");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Accès refusé");
		assertThat(deniedFor(sophie)).isEqualTo(before + 1);
		Map<String, Object> entry = this.jdbc
			.sql("""
					SELECT structure_id, payload FROM journal_entry WHERE action = 'ACCESS_DENIED' AND payload::json ->> 'aidant' = ?
					ORDER BY recorded_at DESC, id LIMIT 1
					""")
			.param(sophie)
			.query()
			.singleRow();
		assertThat(entry.get("structure_id")).isEqualTo(UUID.fromString("3c6e0b8a-4b1f-4a8e-9c1d-000000000002"));
		assertThat(payload(entry.get("payload")))
			.isEqualTo(Map.of("method", "GET", "path", "/structure/aidants/" + sophie + "/desactivation", "reason",
					"aidant-of-another-structure", "aidant", sophie));
	}

	private long deniedFor(String aidant) {
		return this.jdbc.sql("""
				SELECT count(*) FROM journal_entry
				WHERE action = 'ACCESS_DENIED' AND payload::json ->> 'aidant' = ?
				""").param(aidant).query(Long.class).single();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> payload(Object json) {
		return JSON.readValue(json.toString(), Map.class);
	}

}
