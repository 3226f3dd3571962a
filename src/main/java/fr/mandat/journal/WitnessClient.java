package fr.mandat.journal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import fr.mandat.journal.ConfiguredWitnesses.Witness;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Submits checkpoints to witnesses ({@code POST <prefix>/add-checkpoint}, C2SP
 * tlog-witness) and turns every answer, timeout or network failure into an
 * {@link Answer}: nothing here throws.
 */
@Component
class WitnessClient implements DisposableBean {

	private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "mandat-witness-client");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient http;

	private final Duration timeout;

	WitnessClient(JournalProperties properties) {
		this.timeout = properties.witnessTimeout();
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.timeout)
			.executor(this.executor)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** The request body: old size, consistency proof, blank line, signed checkpoint. */
	static String body(long oldSize, List<byte[]> proof, String signedCheckpoint) {
		StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
		proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
		return body.append('\n').append(signedCheckpoint).toString();
	}

	CompletableFuture<Answer> submit(Witness witness, long oldSize, List<byte[]> proof, String signedCheckpoint) {
		HttpRequest request = HttpRequest.newBuilder(witness.addCheckpoint())
			.timeout(this.timeout)
			.header("Content-Type", "text/plain; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(body(oldSize, proof, signedCheckpoint), StandardCharsets.UTF_8))
			.build();
		try {
			return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
				.thenApply(WitnessClient::answer)
				.exceptionally(this::failure);
		}
		catch (RuntimeException ex) {
			return CompletableFuture
				.completedFuture(new Answer.Unreachable("requête impossible (" + ex.getClass().getSimpleName() + ")"));
		}
	}

	private static Answer answer(HttpResponse<String> response) {
		String body = response.body();
		return switch (response.statusCode()) {
			case 200 -> new Answer.Cosigned(body);
			case 409 -> conflict(body);
			default -> new Answer.Refused(response.statusCode(), body.length() > 200 ? body.substring(0, 200) : body);
		};
	}

	private static Answer conflict(String body) {
		String size = body.strip();
		if (size.matches("0|[1-9][0-9]{0,18}")) {
			return new Answer.Conflict(Long.parseLong(size));
		}
		return new Answer.Refused(409, "taille illisible");
	}

	private Answer failure(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
			return new Answer.Unreachable("pas de réponse dans les " + this.timeout.toMillis() + " ms");
		}
		if (cause instanceof IOException) {
			return new Answer.Unreachable("injoignable (" + cause.getClass().getSimpleName() + ")");
		}
		return new Answer.Unreachable("échec de l'appel (" + cause.getClass().getSimpleName() + ")");
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/** What a witness answered. */
	sealed interface Answer {

		/** 200: the body holds note signature lines. */
		record Cosigned(String body) implements Answer {
		}

		/** 409: the witness's latest cosigned size. */
		record Conflict(long size) implements Answer {
		}

		/** Any other status. */
		record Refused(int status, String body) implements Answer {
		}

		/** No answer: refused connection, reset, timeout. */
		record Unreachable(String reason) implements Answer {
		}

	}

}
