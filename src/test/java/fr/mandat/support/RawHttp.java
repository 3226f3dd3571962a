package fr.mandat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: from a chosen local address (any of 127.0.0.0/8, so one
 * test can be many clients), with the request line sent exactly as written (no encoding
 * or normalisation), for the abuse tests.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** What the server answered. */
	public record Response(int status, Map<String, String> headers, String body) {
	}

	public static Response get(String localAddress, int port, String target, Map<String, String> headers) {
		return send(localAddress, port, "GET " + target + " HTTP/1.1", headers, null);
	}

	public static Response send(String localAddress, int port, String requestLine, Map<String, String> headers,
			byte[] body) {
		return send(localAddress, port, requestLine, headers, body, null);
	}

	/**
	 * With {@code raw} bytes written after the headers as they are (e.g. a chunked body,
	 * whose {@code Transfer-Encoding} header the caller sets), instead of a body.
	 */
	public static Response send(String localAddress, int port, String requestLine, Map<String, String> headers,
			byte[] body, byte[] raw) {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(20_000);
			socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			StringBuilder request = new StringBuilder(requestLine).append("\r\n");
			request.append("Host: localhost:").append(port).append("\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			if (body != null) {
				request.append("Content-Length: ").append(body.length).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			if (raw != null) {
				out.write(raw);
			}
			out.flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		String raw = new String(all, StandardCharsets.ISO_8859_1);
		int end = raw.indexOf("\r\n\r\n");
		String head = (end >= 0) ? raw.substring(0, end) : raw;
		String body = (end >= 0) ? raw.substring(end + 4) : "";
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		// Byte-for-byte so far (ISO-8859-1); the body is UTF-8.
		return new Response(status, headers,
				new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int line = chunked.indexOf("\r\n", at);
			if (line < 0) {
				break;
			}
			int size = Integer.parseInt(chunked.substring(at, line).split(";")[0].strip(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, line + 2, Math.min(chunked.length(), line + 2 + size));
			at = line + 2 + size + 2;
		}
		return body.toString();
	}

}
