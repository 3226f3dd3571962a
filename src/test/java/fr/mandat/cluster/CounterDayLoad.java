package fr.mandat.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import fr.mandat.support.ApiTokens;
import fr.mandat.support.DemoAccount;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A counter day against the cluster's address: aidants carrying out démarches through the
 * API (with an idempotency key, sent again with the same key after a lost answer, as a
 * careful client does), people signing in for a token and using it, public verifications
 * of mandates, auditors searching the journal, and mandates created through the service.
 * Every attempt and every acknowledged operation is logged on the client's side: the
 * suite's assertions start from this log, not from the server's word.
 */
final class CounterDayLoad {

	/**
	 * How long a client keeps trying one operation (a database outage lasts up to 20 s).
	 */
	static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String DIGEST = "cd".repeat(32);

	enum Kind {

		DEMARCHE, SIGN_IN, VERIFICATION, AUDIT_SEARCH, MANDATE_CREATION

	}

	/** One try: when it ended and whether the answer was a correct one. */
	record Attempt(Kind kind, Instant at, long micros, boolean failed, String outcome) {
	}

	/** An operation the service confirmed (a démarche's 201/200, a created mandate). */
	record Acknowledged(Kind kind, UUID id, String status) {
	}

	private final String base;

	private final List<UUID> mandates;

	private final Supplier<UUID> mandateCreation;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

	private final Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();

	private final Set<UUID> keysSent = ConcurrentHashMap.newKeySet();

	private final Queue<String> unfinished = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final ScheduledExecutorService paced = Executors.newScheduledThreadPool(4, runnable -> {
		Thread thread = new Thread(runnable, "load-paced");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param mandates mandates of Camille's structure covering « social »
	 * @param mandateCreation creates a mandate through the service
	 */
	CounterDayLoad(String base, List<UUID> mandates, Supplier<UUID> mandateCreation) {
		this.base = base;
		this.mandates = List.copyOf(mandates);
		this.mandateCreation = mandateCreation;
	}

	/**
	 * Starts the clients: {@code aidants} threads of démarches, one of each other kind.
	 */
	CounterDayLoad start(int aidants) {
		for (int i = 0; i < aidants; i++) {
			Thread aidant = new Thread(() -> {
				while (this.running.get()) {
					demarche();
				}
			}, "load-aidant-" + i);
			aidant.setDaemon(true);
			this.threads.add(aidant);
			aidant.start();
		}
		// A person's pace between two actions of the other kinds.
		paced(this::signIn, Duration.ofSeconds(2));
		paced(this::verification, Duration.ofMillis(100));
		paced(this::auditSearch, Duration.ofMillis(500));
		paced(this::mandateCreation, Duration.ofSeconds(1));
		return this;
	}

	/** Stops the clients, letting each finish (or give up) its current operation. */
	void stop() throws InterruptedException {
		this.running.set(false);
		this.paced.shutdown();
		this.paced.awaitTermination(PATIENCE.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
		for (Thread thread : this.threads) {
			thread.join(PATIENCE.plusSeconds(30).toMillis());
		}
	}

	List<Attempt> attempts() {
		return List.copyOf(this.attempts);
	}

	List<Acknowledged> acknowledged() {
		return List.copyOf(this.acknowledged);
	}

	/** Every idempotency key a client sent a démarche with. */
	Set<UUID> keysSent() {
		return Set.copyOf(this.keysSent);
	}

	/** Operations a client gave up on after {@link #PATIENCE}. */
	List<String> unfinished() {
		return List.copyOf(this.unfinished);
	}

	private void paced(Runnable operation, Duration pause) {
		this.paced.scheduleWithFixedDelay(operation, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Tries until {@code attempt} says the operation is over (answered, rightly or not)
	 * or {@link #PATIENCE} runs out, a quarter of a second between two tries.
	 */
	private boolean retried(Callable<Boolean> attempt) {
		try {
			Awaitility.await()
				.atMost(PATIENCE)
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(250))
				.until(attempt);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private void demarche() {
		UUID mandate = this.mandates.get(ThreadLocalRandom.current().nextInt(this.mandates.size()));
		UUID key = UUID.randomUUID();
		this.keysSent.add(key);
		String body = "{\"numeroAllocataire\": \"" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999))
				+ "\", \"trimestre\": \"2026-T3\", \"salaires\": 1200, \"autresRessources\": 0}";
		String token = ApiTokens.of(DemoAccount.CAMILLE);
		HttpResponse<String> answer = untilAnswered(Kind.DEMARCHE, () -> HttpRequest
			.newBuilder(URI
				.create(this.base + "/api/v1/mandats/" + mandate + "/demarches/declaration-trimestrielle-ressources"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key.toString())
			.POST(HttpRequest.BodyPublishers.ofString(body)), status -> status == 201 || status == 200);
		if (answer != null) {
			String status = answer.body().replaceAll("(?s).*\"statut\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
			this.acknowledged.add(new Acknowledged(Kind.DEMARCHE, key, status));
		}
	}

	private void signIn() {
		long started = System.nanoTime();
		String token;
		try {
			token = ApiTokens.signIn(DemoAccount.LUCAS);
		}
		catch (RuntimeException ex) {
			record(Kind.SIGN_IN, started, true, "keycloak: " + ex.getClass().getSimpleName());
			return;
		}
		untilAnswered(Kind.SIGN_IN,
				() -> HttpRequest.newBuilder(URI.create(this.base + "/api/v1/me"))
					.header("Authorization", "Bearer " + token)
					.GET(),
				status -> status == 200);
	}

	private void verification() {
		untilAnswered(Kind.VERIFICATION,
				() -> HttpRequest
					.newBuilder(
							URI.create(this.base + "/api/v1/verification/" + UUID.randomUUID() + "?digest=" + DIGEST))
					.GET(),
				// Unknown mandate, or the shared limit of verifications reached: both are
				// the right answer.
				status -> status == 404 || status == 429);
	}

	private void auditSearch() {
		String token = ApiTokens.of(DemoAccount.INES);
		untilAnswered(Kind.AUDIT_SEARCH,
				() -> HttpRequest
					.newBuilder(URI.create(this.base + "/api/v1/audit/entries?action=DEMARCHE_REQUESTED&size=20"))
					.header("Authorization", "Bearer " + token)
					.GET(),
				status -> status == 200);
	}

	private void mandateCreation() {
		boolean created = retried(() -> {
			long attempt = System.nanoTime();
			try {
				UUID id = this.mandateCreation.get();
				record(Kind.MANDATE_CREATION, attempt, false, "created");
				this.acknowledged.add(new Acknowledged(Kind.MANDATE_CREATION, id, "CREATED"));
				return true;
			}
			catch (RuntimeException ex) {
				record(Kind.MANDATE_CREATION, attempt, true, ex.getClass().getSimpleName());
				return false;
			}
		});
		if (!created) {
			this.unfinished.add(Kind.MANDATE_CREATION + " gave up after " + PATIENCE);
		}
	}

	/**
	 * Sends the request until an expected answer comes or {@link #PATIENCE} runs out; a
	 * connection failure or a 5xx is logged as a failed attempt and the same request (the
	 * same idempotency key) is sent again.
	 */
	private @Nullable HttpResponse<String> untilAnswered(Kind kind, Supplier<HttpRequest.Builder> request,
			java.util.function.IntPredicate expected) {
		AtomicReference<@Nullable HttpResponse<String>> right = new AtomicReference<>();
		AtomicReference<String> last = new AtomicReference<>("");
		boolean over = retried(() -> {
			long started = System.nanoTime();
			try {
				HttpResponse<String> answer = this.http.send(request.get().timeout(Duration.ofSeconds(30)).build(),
						HttpResponse.BodyHandlers.ofString());
				boolean good = expected.test(answer.statusCode());
				last.set(String.valueOf(answer.statusCode()));
				record(kind, started, !good, last.get());
				if (good) {
					right.set(answer);
					return true;
				}
				if (answer.statusCode() < 500) {
					// A refusal is an answer, and a wrong one: not sent again.
					this.unfinished.add(kind + " answered " + answer.statusCode() + ": " + answer.body());
					return true;
				}
				return false;
			}
			catch (IOException ex) {
				last.set(ex.getClass().getSimpleName());
				record(kind, started, true, last.get());
				return false;
			}
		});
		if (!over) {
			this.unfinished.add(kind + " gave up after " + PATIENCE + " (last: " + last.get() + ")");
		}
		return right.get();
	}

	private void record(Kind kind, long startedNanos, boolean failed, String outcome) {
		long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startedNanos);
		this.attempts.add(new Attempt(kind, Instant.now(), micros, failed, outcome));
	}

	/** Figures of one phase: throughput, percentiles and failures per kind. */
	static String summary(List<Attempt> attempts, Instant from, Instant to) {
		StringBuilder text = new StringBuilder();
		double seconds = Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
		for (Kind kind : Kind.values()) {
			List<Attempt> of = attempts.stream()
				.filter(a -> a.kind() == kind && !a.at().isBefore(from) && a.at().isBefore(to))
				.toList();
			if (of.isEmpty()) {
				continue;
			}
			long[] micros = of.stream().filter(a -> !a.failed()).mapToLong(Attempt::micros).sorted().toArray();
			long failed = of.stream().filter(Attempt::failed).count();
			text.append(String.format(java.util.Locale.ROOT, "| %s | %.1f/s | %s | %s | %d |%n", kind,
					micros.length / seconds, percentile(micros, 0.50), percentile(micros, 0.99), failed));
		}
		return text.toString();
	}

	private static String percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return "-";
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
		return String.format(java.util.Locale.ROOT, "%.1f ms", sorted[Math.max(0, index)] / 1000.0);
	}

	static Map<String, Long> failuresByOutcome(List<Attempt> attempts) {
		return attempts.stream()
			.filter(Attempt::failed)
			.collect(java.util.stream.Collectors.groupingBy(a -> a.kind() + " " + a.outcome(), java.util.TreeMap::new,
					java.util.stream.Collectors.counting()));
	}

}
