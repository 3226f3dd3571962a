package fr.mandat.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * The partner sites' back-channel logout endpoints in a test run: a small real HTTP
 * server on the address the configuration gives both sites, started with the run's
 * configuration (so logouts sent by any test are received at once, never left to retry),
 * keeping every logout token it receives (and when), or answering 503 a given number of
 * times.
 */
public final class PartnerBackchannels {

	private static @Nullable PartnerBackchannels instance;

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failuresToGive = new ConcurrentHashMap<>();

	/** Sites running in this test run that also get their logouts (the demo site). */
	private final Map<String, URI> forwards = new ConcurrentHashMap<>();

	private final Map<String, Integer> forwardedStatus = new ConcurrentHashMap<>();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PartnerBackchannels() throws IOException {
		this.server = LocalHttpServers.create(new InetSocketAddress("localhost", LocalPartnerSites.backchannelPort()),
				16);
		this.server.createContext("/backchannel/", this::handle);
		this.server.start();
	}

	/** The one receiver of this run, started on first use. */
	public static synchronized PartnerBackchannels start() {
		if (instance == null) {
			try {
				instance = new PartnerBackchannels();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			String form = new String(body.readAllBytes(), StandardCharsets.US_ASCII);
			String clientId = exchange.getRequestURI().getPath().substring("/backchannel/".length());
			AtomicInteger failures = this.failuresToGive.get(clientId);
			if (failures != null && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			String token = null;
			for (String pair : form.split("&")) {
				String[] nameValue = pair.split("=", 2);
				if (nameValue.length == 2 && nameValue[0].equals("logout_token")) {
					token = URLDecoder.decode(nameValue[1], StandardCharsets.US_ASCII);
				}
			}
			this.received.add(new Received(clientId, exchange.getRequestMethod(),
					exchange.getRequestHeaders().getFirst("Content-Type"), token, Instant.now()));
			URI forward = this.forwards.get(clientId);
			if (forward != null && token != null) {
				this.forwardedStatus.put(clientId, pass(forward, form));
			}
			exchange.sendResponseHeaders((token != null) ? 200 : 400, -1);
		}
	}

	/**
	 * Also hands the site's logouts (the same form) to a site running in this test run,
	 * until {@link #stopForwarding}.
	 */
	public void forward(String clientId, URI site) {
		this.forwards.put(clientId, site);
	}

	public void stopForwarding(String clientId) {
		this.forwards.remove(clientId);
		this.forwardedStatus.remove(clientId);
	}

	/** The HTTP status the forwarded site gave to the last logout, null if none. */
	public @Nullable Integer forwardedStatus(String clientId) {
		return this.forwardedStatus.get(clientId);
	}

	private int pass(URI site, String form) {
		try {
			return this.client
				.send(HttpRequest.newBuilder(site)
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** Answers 503 to the site's next {@code count} logouts. */
	public void failNext(String clientId, int count) {
		this.failuresToGive.computeIfAbsent(clientId, id -> new AtomicInteger()).set(count);
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * @param token the {@code logout_token} form field, null when missing
	 */
	public record Received(String clientId, String method, String contentType, String token, Instant at) {
	}

}
