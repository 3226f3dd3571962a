package fr.mandat.espaceusager;

import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The usager downloads their data (GDPR art. 15 and 20): JSON for programs, PDF to read.
 */
@Controller
class UsagerDataController {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final UsagerSessions sessions;

	private final UsagerData data;

	UsagerDataController(UsagerSessions sessions, UsagerData data) {
		this.sessions = sessions;
		this.data = data;
	}

	@GetMapping("/mon-espace/donnees.json")
	ResponseEntity<byte[]> json(@AuthenticationPrincipal OidcUser user) {
		Map<String, Object> export = this.data.export(this.sessions.of(user), "json");
		return download(JSON.writeValueAsBytes(export), MediaType.APPLICATION_JSON, "mes-donnees-mandat.json");
	}

	@GetMapping("/mon-espace/donnees.pdf")
	ResponseEntity<byte[]> pdf(@AuthenticationPrincipal OidcUser user) {
		Map<String, Object> export = this.data.export(this.sessions.of(user), "pdf");
		byte[] document = UsagerDataPdf.render(UsagerData.lines(export),
				Dates.dateTime(java.time.Instant.parse(String.valueOf(export.get("genereLe")))));
		return download(document, MediaType.APPLICATION_PDF, "mes-donnees-mandat.pdf");
	}

	private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String name) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(body);
	}

}
