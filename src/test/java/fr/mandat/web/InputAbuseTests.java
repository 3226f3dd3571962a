package fr.mandat.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import fr.mandat.local.TestPorts;
import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import fr.mandat.support.MandatIntegrationTest;
import fr.mandat.support.RawHttp;
import fr.mandat.support.RawHttp.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input (R7), sent byte for byte over a socket: oversized and deeply nested JSON,
 * malformed JSON, wrong content types, 8 KiB parameters, {@code %00}, {@code ..;/} and
 * double encoding. Each gets a 4xx — RFC 9457 problem details in French on the API — and
 * never an exception's text or a stack trace.
 */
@MandatIntegrationTest
class InputAbuseTests {

	private static final int PORT = TestPorts.app();

	private static final String DEMARCHE = "/api/v1/mandats/" + UUID.randomUUID() + "/demarches/copie-avis-imposition";

	@Test
	void anOversizedJsonBodyIsRefusedWith413BeforeAnythingElse() {
		byte[] big = ("{\"numeroFiscal\":\"" + "1".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		// Declared length: refused before authentication, even without a token.
		Response declared = RawHttp.send("127.0.0.1", PORT, "POST " + DEMARCHE + " HTTP/1.1",
				Map.of("Content-Type", "application/json"), big);
		assertProblem(declared, 413, "Corps trop volumineux");
		Response authenticated = RawHttp.send("127.0.0.1", PORT, "POST " + DEMARCHE + " HTTP/1.1",
				json(Map.of("Authorization", "Bearer " + ApiTokens.of(DemoAccount.LUCAS))), big);
		assertProblem(authenticated, 413, "Corps trop volumineux");
	}

	@Test
	void aStreamedOversizedBodyStopsBeingReadAtTheLimit() {
		byte[] big = ("{\"numeroFiscal\":\"" + "2".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		Map<String, String> headers = json(
				Map.of("Authorization", "Bearer " + ApiTokens.of(DemoAccount.LUCAS), "Transfer-Encoding", "chunked"));
		String chunk = Integer.toHexString(big.length) + "\r\n";
		byte[] chunked = concat(chunk.getBytes(StandardCharsets.US_ASCII), big,
				"\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		Response response = RawHttp.send("127.0.0.1", PORT, "POST " + DEMARCHE + " HTTP/1.1", headers, null, chunked);
		assertProblem(response, 413, "Corps trop volumineux");
	}

	@Test
	void deeplyNestedMalformedAndWronglyTypedBodiesGetFrenchProblemDetails() {
		Map<String, String> headers = json(Map.of("Authorization", "Bearer " + ApiTokens.of(DemoAccount.LUCAS)));
		String deep = "{\"a\":" + "[".repeat(40) + "1" + "]".repeat(40) + "}";
		assertProblem(post(headers, deep), 400, "JSON trop imbriqué");
		// What used to come back with Spring's default error body.
		assertProblem(post(headers, "[[1, 2], [3]]"), 400, "Corps illisible");
		assertProblem(post(headers, "{\"numeroFiscal\": "), 400, "Corps illisible");
		assertProblem(post(headers, "\u0000\u0001"), 400, "Corps illisible");
		Map<String, String> text = new LinkedHashMap<>(headers);
		text.put("Content-Type", "text/plain");
		assertProblem(post(text, "numeroFiscal=1"), 415, "Type de contenu non pris en charge");
		Map<String, String> xml = new LinkedHashMap<>(headers);
		xml.put("Content-Type", "application/xml");
		assertProblem(post(xml, "<a/>"), 415, "Type de contenu non pris en charge");
		Response wrongMethod = RawHttp.send("127.0.0.1", PORT, "DELETE /api/v1/me HTTP/1.1", headers, null);
		assertProblem(wrongMethod, 405, "Méthode non permise");
		Response badId = RawHttp.get("127.0.0.1", PORT, "/api/v1/executions/pas-un-uuid", headers);
		assertProblem(badId, 400, "Paramètre invalide");
		Response unknownPath = RawHttp.get("127.0.0.1", PORT, "/api/v1/nulle-part", headers);
		assertProblem(unknownPath, 404, "Introuvable");
	}

	@Test
	void hostileAddressesAndHugeParametersGet4xxWithoutExceptionText() {
		String token = "Bearer " + ApiTokens.of(DemoAccount.LUCAS);
		List<String> targets = List.of("/api/v1/verification/" + UUID.randomUUID() + "?digest=" + "a".repeat(8 * 1024),
				"/verifier?mandat=" + "x".repeat(8 * 1024), "/api/v1/me%00", "/api/v1/%00/me", "/verifier/%00",
				"/api/v1/audit/..;/me", "/mandats/..;/admin/structures", "/api/v1/%252e%252e/me", "/%2e%2e/api/v1/me",
				"/verifier/%252e%252e%252fapi", "/api/v1/me;jsessionid=x", "/verifier?mandat=%ZZ",
				"/api/v1/audit/entries?from=" + "9".repeat(8000));
		for (String target : targets) {
			for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", token))) {
				Response response = RawHttp.get("127.0.0.1", PORT, target, headers);
				assertThat(response.status()).as(target).isBetween(400, 499);
				assertThat(response.body()).as(target)
					.doesNotContain("Exception")
					.doesNotContain("\tat ")
					.doesNotContain("org.springframework")
					.doesNotContain("org.apache")
					.doesNotContainIgnoringCase("tomcat");
			}
		}
	}

	private static Response post(Map<String, String> headers, String body) {
		return RawHttp.send("127.0.0.1", PORT, "POST " + DEMARCHE + " HTTP/1.1", headers,
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, String> json(Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", "application/json");
		all.put("Accept", "application/json");
		return all;
	}

	private static void assertProblem(Response response, int status, String title) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"" + title + "\"")
			.contains("\"status\":" + status)
			.doesNotContain("Exception")
			.doesNotContain("\"error\"")
			.doesNotContain("\"timestamp\"");
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

}
