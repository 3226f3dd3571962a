package fr.mandat.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A C2SP tlog-tiles client written for the tests from the specifications (tlog-tiles,
 * tlog-checkpoint, signed-note, tlog-cosignature) and RFC 9162, sharing no code with the
 * application: it fetches the public checkpoint, checks the log's signature and the
 * witnesses' cosignatures, and rebuilds the tree's root from the public hash tiles.
 */
public final class TilesClient {

	private static final byte[] X509_ED25519 = HexFormat.of().parseHex("302a300506032b6570032100");

	private final HttpClient http = HttpClient.newHttpClient();

	private final String prefix;

	public TilesClient(String prefix) {
		this.prefix = prefix;
	}

	/** GET {@code <prefix>/<path>}. */
	public HttpResponse<byte[]> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.prefix + "/" + path)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Fetches and checks the checkpoint: signed by the log's key (named by the origin),
	 * then returns it with the cosignatures that verify under the given witness keys.
	 */
	public Checkpoint checkpoint(byte[] logKey, List<String> witnessKeys) throws Exception {
		HttpResponse<byte[]> response = get("checkpoint");
		if (response.statusCode() != 200) {
			throw new AssertionError("checkpoint: HTTP " + response.statusCode());
		}
		return Checkpoint.verify(new String(response.body(), StandardCharsets.UTF_8), logKey, witnessKeys);
	}

	/** The tile's bytes (full when width is 256). */
	public byte[] tile(int level, long index, int width) throws Exception {
		String path = "tile/" + level + "/" + index(index) + ((width < 256) ? ".p/" + width : "");
		HttpResponse<byte[]> response = get(path);
		if (response.statusCode() != 200 || response.body().length != width * 32) {
			throw new AssertionError(
					path + ": HTTP " + response.statusCode() + ", " + response.body().length + " bytes");
		}
		return response.body();
	}

	/** {@code 1234067} → {@code x001/x234/067}. */
	public static String index(long n) {
		List<String> groups = new ArrayList<>();
		do {
			groups.add(0, String.format("%03d", n % 1000));
			n /= 1000;
		}
		while (n > 0);
		for (int i = 0; i < groups.size() - 1; i++) {
			groups.set(i, "x" + groups.get(i));
		}
		return String.join("/", groups);
	}

	/**
	 * Every leaf hash of a tree of this size, from the level-0 tiles, after checking that
	 * each tile of the levels above holds the hashes of the full tiles below it.
	 */
	public List<byte[]> leafHashes(long size) throws Exception {
		List<byte[]> leaves = new ArrayList<>();
		for (long n = 0; n * 256 < size; n++) {
			int width = (int) Math.min(256, size - n * 256);
			split(tile(0, n, width), leaves);
		}
		List<byte[]> below = leaves;
		for (int level = 1; (size >> (8 * level)) > 0; level++) {
			long hashes = size >> (8 * level);
			List<byte[]> above = new ArrayList<>();
			for (long n = 0; n * 256 < hashes; n++) {
				int width = (int) Math.min(256, hashes - n * 256);
				split(tile(level, n, width), above);
			}
			for (int i = 0; i < above.size(); i++) {
				byte[] expected = mth(below.subList(i * 256, i * 256 + 256));
				if (!Arrays.equals(expected, above.get(i))) {
					throw new AssertionError("tile level " + level + " hash " + i + " is not its full tile's root");
				}
			}
			below = above;
		}
		return leaves;
	}

	/** MTH of RFC 9162 §2.1.1 over leaf hashes. */
	public static byte[] mth(List<byte[]> leaves) {
		if (leaves.isEmpty()) {
			return sha256(new byte[0]);
		}
		if (leaves.size() == 1) {
			return leaves.get(0);
		}
		int k = Integer.highestOneBit(leaves.size() - 1);
		ByteBuffer node = ByteBuffer.allocate(65);
		node.put((byte) 1).put(mth(leaves.subList(0, k))).put(mth(leaves.subList(k, leaves.size())));
		return sha256(node.array());
	}

	public static byte[] leafHash(byte[] entry) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(0);
		bytes.writeBytes(entry);
		return sha256(bytes.toByteArray());
	}

	private static void split(byte[] tile, List<byte[]> into) {
		for (int i = 0; i < tile.length; i += 32) {
			into.add(Arrays.copyOfRange(tile, i, i + 32));
		}
	}

	static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] keyId(String name, int type, byte[] raw) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(name.getBytes(StandardCharsets.UTF_8));
		bytes.write('\n');
		bytes.write(type);
		bytes.writeBytes(raw);
		return Arrays.copyOf(sha256(bytes.toByteArray()), 4);
	}

	static boolean ed25519(byte[] raw, byte[] message, byte[] signature) {
		try {
			byte[] encoded = Arrays.copyOf(X509_ED25519, X509_ED25519.length + 32);
			System.arraycopy(raw, 0, encoded, X509_ED25519.length, 32);
			PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * A verified checkpoint.
	 *
	 * @param cosignedAt per witness name whose cosignature verified, its timestamp
	 */
	public record Checkpoint(String origin, long size, byte[] root, String note, Map<String, Long> cosignedAt) {

		static Checkpoint verify(String note, byte[] logKey, List<String> witnessKeys) {
			int split = note.lastIndexOf("\n\n");
			String text = note.substring(0, split + 1);
			String[] body = text.split("\n");
			String origin = body[0];
			long size = Long.parseLong(body[1]);
			byte[] root = Base64.getDecoder().decode(body[2]);
			boolean logSigned = false;
			Map<String, Long> cosigned = new LinkedHashMap<>();
			for (String line : note.substring(split + 2).split("\n")) {
				String[] parts = line.substring(2).split(" ");
				byte[] signature = Base64.getDecoder().decode(parts[1]);
				byte[] id = Arrays.copyOf(signature, 4);
				if (parts[0].equals(origin) && Arrays.equals(id, keyId(origin, 1, logKey))) {
					logSigned = ed25519(logKey, text.getBytes(StandardCharsets.UTF_8),
							Arrays.copyOfRange(signature, 4, signature.length));
				}
				for (String witness : witnessKeys) {
					String[] vkey = witness.split("\\+", 3);
					byte[] raw = Arrays.copyOfRange(Base64.getDecoder().decode(vkey[2]), 1, 33);
					if (!parts[0].equals(vkey[0]) || !Arrays.equals(id, keyId(vkey[0], 4, raw))) {
						continue;
					}
					long time = ByteBuffer.wrap(signature, 4, 8).getLong();
					byte[] message = ("cosignature/v1\ntime " + time + "\n" + text).getBytes(StandardCharsets.UTF_8);
					if (!ed25519(raw, message, Arrays.copyOfRange(signature, 12, signature.length))) {
						throw new AssertionError("invalid cosignature by " + vkey[0]);
					}
					cosigned.put(vkey[0], time);
				}
			}
			if (!logSigned) {
				throw new AssertionError("the checkpoint is not signed by the log " + origin);
			}
			return new Checkpoint(origin, size, root, note, cosigned);
		}

	}

}
