package fr.mandat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static fr.mandat.support.MandatIntegrationTest.BASE_URL;
import static org.assertj.core.api.Assertions.assertThat;

/** The API with a real Keycloak token answers from the application's own data. */
@MandatIntegrationTest
class MeApiTests {

	@Test
	void tokenFromTheStaffRealmGetsThePersonAsTheApplicationKnowsThem() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/me"))
				.header("Authorization", "Bearer " + ApiTokens.of(DemoAccount.HUGO))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode me = JsonMapper.builder().build().readTree(response.body());
		assertThat(me.get("displayName").asString()).isEqualTo("Hugo Durand");
		assertThat(me.get("memberships").toString()).contains("\"structureName\":\"Mairie de Saint-Aubin\"")
			.contains("\"role\":\"RESPONSABLE\"");
	}

}
