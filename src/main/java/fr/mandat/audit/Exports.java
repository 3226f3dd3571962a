package fr.mandat.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import fr.mandat.journal.JournalAudit.ExportStream;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * Writes a streamed export to the response. Once the first bytes are out, a failure can
 * only cut the stream: the export's last line is then missing, which the verifier names
 * as a truncation.
 */
final class Exports {

	static final String NDJSON = "application/x-ndjson";

	private Exports() {
	}

	static void write(ExportStream export, String fileName, HttpServletResponse response) throws IOException {
		response.setContentType(NDJSON + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		try (OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024)) {
			export.writeTo(out);
		}
	}

}
