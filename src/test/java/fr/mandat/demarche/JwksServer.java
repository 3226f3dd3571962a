package fr.mandat.demarche;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import fr.mandat.local.LocalHttpServers;
import fr.mandat.signing.ServiceSignatures;
import tools.jackson.databind.json.JsonMapper;

/** Serves the service's public keys as the application does at /.well-known/jwks.json. */
final class JwksServer implements AutoCloseable {

	private final HttpServer server;

	private JwksServer(HttpServer server) {
		this.server = server;
	}

	static JwksServer serve(ServiceSignatures signatures) throws IOException {
		byte[] jwks = JsonMapper.builder()
			.build()
			.writeValueAsString(signatures.publicJwks())
			.getBytes(StandardCharsets.UTF_8);
		HttpServer server = LocalHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/.well-known/jwks.json", exchange -> {
			try (exchange) {
				exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(jwks);
				}
			}
		});
		server.start();
		return new JwksServer(server);
	}

	URI uri() {
		return URI.create("http://localhost:" + this.server.getAddress().getPort() + "/.well-known/jwks.json");
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
