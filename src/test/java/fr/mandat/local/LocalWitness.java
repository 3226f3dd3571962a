package fr.mandat.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in transparency log witness (C2SP tlog-witness, tlog-cosignature/v1 with
 * Ed25519) for the local stack and the tests, like the local time-stamp authority: it
 * makes no promise to anybody. It keeps its own key and, per log origin, the latest
 * checkpoint it cosigned, in its own directory; it checks the log's signature and the
 * consistency proof, refuses rolled-back or inconsistent checkpoints (409, 422) and
 * answers with a timestamped cosignature. Written from the specifications, sharing no
 * code with the application, so that a mistake on one side is caught by the other. Tests
 * can make it slow, take it down and bring it back.
 */
public final class LocalWitness implements AutoCloseable {

	private final String name;

	private final Path storage;

	/**
	 * Where it listens; chosen at the first {@link #up()} when asked for any free port.
	 */
	private volatile int port;

	private final KeyPair key;

	/** The same private key for Bouncy Castle's signer (see {@link #sign}). */
	private final Ed25519PrivateKeyParameters signingKey;

	private final Map<String, Supplier<Optional<byte[]>>> logs;

	private final Clock clock;

	private final Object lock = new Object();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Duration delay = Duration.ZERO;

	private @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	private LocalWitness(String name, Path storage, int port, KeyPair key, Map<String, Supplier<Optional<byte[]>>> logs,
			Clock clock) {
		this.name = name;
		this.storage = storage;
		this.port = port;
		this.key = key;
		try {
			this.signingKey = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(key.getPrivate().getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unreadable witness key", ex);
		}
		this.logs = new ConcurrentHashMap<>(logs);
		this.clock = clock;
	}

	/**
	 * @param name the witness's key name
	 * @param storage its directory: key and cosigned state, kept between runs
	 * @param port where it listens on loopback (0 for any free port)
	 * @param logs per log origin, the log's raw Ed25519 public key (looked up at each
	 * request: a local log creates its key on first start)
	 */
	public static LocalWitness start(String name, Path storage, int port,
			Map<String, Supplier<Optional<byte[]>>> logs) {
		try {
			Files.createDirectories(storage);
			LocalWitness witness = new LocalWitness(name, storage, port, loadOrCreateKey(storage), logs,
					Clock.systemUTC());
			witness.up();
			return witness;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Could not start the local witness " + name, ex);
		}
	}

	/** Starts listening again (after {@link #down()}), with the same key and state. */
	public synchronized void up() {
		if (this.server != null) {
			return;
		}
		try {
			HttpServer http = LocalHttpServers
				.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 0);
			ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
				Thread thread = new Thread(runnable, "mandat-local-witness");
				thread.setDaemon(true);
				return thread;
			});
			http.createContext("/", this::handle);
			http.setExecutor(threads);
			http.start();
			// Any free port: keep the one given, so that the address stays the same after
			// down() and up().
			this.port = http.getAddress().getPort();
			this.server = http;
			this.executor = threads;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not listen on port " + this.port, ex);
		}
	}

	/** Stops listening: connections are refused until {@link #up()}. */
	public synchronized void down() {
		if (this.server != null) {
			this.server.stop(0);
			this.executor.shutdownNow();
			this.server = null;
			this.executor = null;
		}
	}

	/** Answers every request this much later (a slow witness); zero to stop. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void close() {
		down();
	}

	public String name() {
		return this.name;
	}

	public String url() {
		return "http://localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/** How many submissions it has received. */
	public int requests() {
		return this.requests.get();
	}

	/** The cosigner verifier key, {@code name+keyid+base64(0x04 || key)}. */
	public String verifierKey() {
		byte[] raw = raw(this.key.getPublic());
		byte[] typed = new byte[33];
		typed[0] = 0x04;
		System.arraycopy(raw, 0, typed, 1, 32);
		return this.name + "+" + HexFormat.of().formatHex(keyId(this.name, (byte) 0x04, raw)) + "+"
				+ Base64.getEncoder().encodeToString(typed);
	}

	public byte[] rawPublicKey() {
		return raw(this.key.getPublic());
	}

	/** The latest checkpoint cosigned for a log: its size and root (size 0 if none). */
	public State state(String origin) {
		synchronized (this.lock) {
			return read(origin);
		}
	}

	/**
	 * Overwrites what the witness remembers of a log, as if it had seen another history
	 * (e.g. a larger journal that was then rolled back).
	 */
	public void remember(String origin, State state) {
		synchronized (this.lock) {
			write(origin, state);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.requests.incrementAndGet();
			if (!"POST".equals(exchange.getRequestMethod())
					|| !"/add-checkpoint".equals(exchange.getRequestURI().getPath())) {
				reply(exchange, 404, "text/plain; charset=utf-8", "not found\n");
				return;
			}
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
			}
			Duration wait = this.delay;
			if (!wait.isZero()) {
				try {
					Thread.sleep(wait.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			Reply reply = addCheckpoint(body);
			reply(exchange, reply.status(), reply.contentType(), reply.body());
		}
	}

	private Reply addCheckpoint(String body) {
		int blank = body.indexOf("\n\n");
		if (blank < 0) {
			return Reply.text(400, "no blank line after the proof\n");
		}
		String[] head = body.substring(0, blank).split("\n", -1);
		if (!head[0].matches("old (0|[1-9][0-9]{0,18})")) {
			return Reply.text(400, "bad old size line\n");
		}
		long old = Long.parseLong(head[0].substring(4));
		List<byte[]> proof = new ArrayList<>();
		for (int i = 1; i < head.length; i++) {
			try {
				byte[] hash = Base64.getDecoder().decode(head[i]);
				if (hash.length != 32) {
					return Reply.text(400, "a proof line is not a hash\n");
				}
				proof.add(hash);
			}
			catch (IllegalArgumentException ex) {
				return Reply.text(400, "a proof line is not base64\n");
			}
		}
		if (proof.size() > 63) {
			return Reply.text(400, "too many proof lines\n");
		}
		String note = body.substring(blank + 2);
		int split = note.lastIndexOf("\n\n");
		if (split < 0 || !note.endsWith("\n")) {
			return Reply.text(400, "not a signed note\n");
		}
		String text = note.substring(0, split + 1);
		String[] lines = text.split("\n");
		if (lines.length < 3 || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
			return Reply.text(400, "not a checkpoint\n");
		}
		String origin = lines[0];
		long size = Long.parseLong(lines[1]);
		byte[] root;
		try {
			root = Base64.getDecoder().decode(lines[2]);
		}
		catch (IllegalArgumentException ex) {
			return Reply.text(400, "bad root hash\n");
		}
		Supplier<Optional<byte[]>> logKey = this.logs.get(origin);
		Optional<byte[]> rawLogKey = (logKey != null) ? logKey.get() : Optional.empty();
		if (rawLogKey.isEmpty()) {
			return Reply.text(404, "unknown log\n");
		}
		if (!signedByLog(origin, rawLogKey.get(), text, note.substring(split + 2))) {
			return Reply.text(403, "no valid signature by the log\n");
		}
		if (old > size) {
			return Reply.text(400, "old size larger than the checkpoint\n");
		}
		synchronized (this.lock) {
			State known = read(origin);
			if (old != known.size()) {
				return new Reply(409, "text/x.tlog.size", known.size() + "\n");
			}
			if (old == size) {
				if (!proof.isEmpty()) {
					return Reply.text(400, "a proof between equal sizes is empty\n");
				}
				if (!Arrays.equals(root, known.root())) {
					return new Reply(409, "text/x.tlog.size", known.size() + "\n");
				}
			}
			else if (old == 0) {
				if (!proof.isEmpty()) {
					return Reply.text(400, "a proof from size zero is empty\n");
				}
			}
			else if (!consistent(old, size, known.root(), root, proof)) {
				return Reply.text(422, "the consistency proof does not verify\n");
			}
			write(origin, new State(size, root));
		}
		long timestamp = this.clock.instant().getEpochSecond();
		byte[] message = ("cosignature/v1\ntime " + timestamp + "\n" + text).getBytes(StandardCharsets.UTF_8);
		byte[] signature = sign(message);
		ByteBuffer line = ByteBuffer.allocate(4 + 8 + 64);
		line.put(keyId(this.name, (byte) 0x04, rawPublicKey())).putLong(timestamp).put(signature);
		return Reply.text(200, "\u2014 " + this.name + " " + Base64.getEncoder().encodeToString(line.array()) + "\n");
	}

	private static boolean signedByLog(String origin, byte[] rawKey, String text, String signatures) {
		byte[] id = keyId(origin, (byte) 0x01, rawKey);
		for (String line : signatures.split("\n")) {
			if (!line.startsWith("\u2014 " + origin + " ")) {
				continue;
			}
			byte[] decoded;
			try {
				decoded = Base64.getDecoder().decode(line.substring(("\u2014 " + origin + " ").length()));
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			if (decoded.length == 68 && Arrays.equals(Arrays.copyOf(decoded, 4), id)) {
				// Bouncy Castle's Ed25519, several times faster than JDK 17's: the
				// witnesses run in the tests' JVM, beside the application they witness.
				byte[] message = text.getBytes(StandardCharsets.UTF_8);
				return rawKey.length == Ed25519.PUBLIC_KEY_SIZE
						&& Ed25519.verify(decoded, 4, rawKey, 0, message, 0, message.length);
			}
		}
		return false;
	}

	/** RFC 9162 §2.1.4.2, written for this witness. */
	static boolean consistent(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
		if (size1 <= 0 || size1 >= size2 || proof.isEmpty()) {
			return false;
		}
		List<byte[]> path = new ArrayList<>(proof);
		if (Long.bitCount(size1) == 1) {
			path.add(0, root1);
		}
		long fn = size1 - 1;
		long sn = size2 - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = node(c, fr);
				sr = node(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = node(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && Arrays.equals(fr, root1) && Arrays.equals(sr, root2);
	}

	private static byte[] node(byte[] left, byte[] right) {
		MessageDigest sha256 = sha256();
		sha256.update((byte) 1);
		sha256.update(left);
		return sha256.digest(right);
	}

	/** Ed25519 is deterministic: the signature the JDK would make, sooner. */
	private byte[] sign(byte[] message) {
		byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
		this.signingKey.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
		return signature;
	}

	private State read(String origin) {
		Path file = stateFile(origin);
		try {
			if (!Files.isRegularFile(file)) {
				return new State(0, new byte[32]);
			}
			String[] lines = Files.readString(file).split("\n");
			return new State(Long.parseLong(lines[0]), Base64.getDecoder().decode(lines[1]));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the witness's state", ex);
		}
	}

	private void write(String origin, State state) {
		Path file = stateFile(origin);
		try {
			Path temporary = Files.createTempFile(this.storage, "state", ".tmp");
			Files.writeString(temporary, state.size() + "\n" + Base64.getEncoder().encodeToString(state.root()) + "\n");
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not persist the witness's state", ex);
		}
	}

	private Path stateFile(String origin) {
		return this.storage
			.resolve("log-" + HexFormat.of().formatHex(sha256().digest(origin.getBytes(StandardCharsets.UTF_8))));
	}

	private static KeyPair loadOrCreateKey(Path storage) throws IOException, GeneralSecurityException {
		Path privateFile = storage.resolve("witness-ed25519.pk8");
		Path publicFile = storage.resolve("witness-ed25519.pub");
		KeyFactory factory = KeyFactory.getInstance("Ed25519");
		if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
			PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
			PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
			return new KeyPair(publicKey, privateKey);
		}
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		Files.write(privateFile, pair.getPrivate().getEncoded());
		Files.write(publicFile, pair.getPublic().getEncoded());
		return pair;
	}

	private static byte[] keyId(String name, byte type, byte[] rawKey) {
		MessageDigest sha256 = sha256();
		sha256.update(name.getBytes(StandardCharsets.UTF_8));
		sha256.update((byte) '\n');
		sha256.update(type);
		return Arrays.copyOf(sha256.digest(rawKey), 4);
	}

	static byte[] raw(PublicKey key) {
		byte[] encoded = key.getEncoded();
		return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** What a witness remembers of a log. */
	public record State(long size, byte[] root) {
	}

	private record Reply(int status, String contentType, String body) {

		static Reply text(int status, String body) {
			return new Reply(status, "text/plain; charset=utf-8", body);
		}

	}

}
