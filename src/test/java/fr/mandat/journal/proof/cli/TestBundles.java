package fr.mandat.journal.proof.cli;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.CosignerKey;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.TreeAppender;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds exports and consistency documents like the server's, from an in-memory tree,
 * optionally cosigned by witnesses.
 */
final class TestBundles {

	static final String ORIGIN = "test.mandat/journal";

	private final JsonMapper json = JsonMapper.builder().build();

	private final KeyPair pair;

	private final NoteKey key;

	private final List<KeyPair> witnessPairs;

	private final List<CosignerKey> witnessKeys = new ArrayList<>();

	private final Map<String, byte[]> nodes = new HashMap<>();

	private final List<String> entries;

	private final TreeAppender tree = TreeAppender.empty();

	private final List<String> notes = new ArrayList<>();

	TestBundles(int size) {
		this(newPair(), numbered(size), List.of());
	}

	/**
	 * A journal of these entries, signed with this key, each checkpoint cosigned by these
	 * witnesses.
	 */
	TestBundles(KeyPair pair, List<String> entries, List<KeyPair> witnesses) {
		this.pair = pair;
		this.entries = List.copyOf(entries);
		this.witnessPairs = List.copyOf(witnesses);
		this.key = new NoteKey(ORIGIN, pair.getPublic());
		for (int i = 0; i < witnesses.size(); i++) {
			this.witnessKeys.add(new CosignerKey("witness.test/w" + (i + 1), witnesses.get(i).getPublic()));
		}
		for (String entry : this.entries) {
			this.tree.append(List.of(Hashes.leaf(entry.getBytes(StandardCharsets.UTF_8))))
				.forEach(n -> this.nodes.put(n.level() + "/" + n.index(), n.hash()));
			String body = new Checkpoint(ORIGIN, this.tree.size(), this.tree.root()).body();
			String note = SignedNote.sign(body, this.key, m -> sign(pair, m));
			List<String> cosignatures = new ArrayList<>();
			for (int i = 0; i < witnesses.size(); i++) {
				KeyPair witness = witnesses.get(i);
				cosignatures
					.add(Cosignature.sign(body, this.witnessKeys.get(i), 1_764_000_000L + i, m -> sign(witness, m))
						.line());
			}
			this.notes.add(SignedNote.withSignatures(note, cosignatures));
		}
	}

	static List<String> numbered(int size) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			entries.add("{\"action\":\"MANDATE_EXPIRED\",\"id\":\"e" + i + "\",\"v\":1}");
		}
		return entries;
	}

	static KeyPair newPair() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Bouncy Castle's Ed25519: the same signature as the JDK's (Ed25519 is
	 * deterministic), several times faster than JDK 17's; a bundle of 300 witnessed
	 * checkpoints is 900 signatures, made again for every test of a class.
	 */
	static byte[] sign(KeyPair pair, byte[] message) {
		byte[] encoded = pair.getPrivate().getEncoded();
		// PKCS #8 of an Ed25519 key: the 32-byte seed comes last.
		byte[] seed = Arrays.copyOfRange(encoded, encoded.length - Ed25519.SECRET_KEY_SIZE, encoded.length);
		byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
		Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
		return signature;
	}

	String verifierKey() {
		return this.key.encoded();
	}

	List<String> witnessKeys() {
		return this.witnessKeys.stream().map(CosignerKey::encoded).toList();
	}

	KeyPair pair() {
		return this.pair;
	}

	List<KeyPair> witnessPairs() {
		return this.witnessPairs;
	}

	List<String> entries() {
		return this.entries;
	}

	/** The signed (and cosigned) note of the checkpoint of this size. */
	String note(long size) {
		return this.notes.get((int) size - 1);
	}

	/** An export of entries [from, from + count) against the latest checkpoint. */
	ObjectNode bundle(int from, int count) {
		long size = this.entries.size();
		ObjectNode bundle = this.json.createObjectNode();
		bundle.put("format", "mandat-journal-bundle/1");
		bundle.put("origin", ORIGIN);
		bundle.put("verifierKey", verifierKey());
		bundle.set("checkpoint", checkpoint(size));
		ArrayNode list = bundle.putArray("entries");
		for (int i = from; i < from + count; i++) {
			ObjectNode entry = list.addObject();
			entry.put("index", i);
			entry.put("entry", this.entries.get(i));
			ArrayNode proof = entry.putArray("inclusionProof");
			MerkleTree.inclusionProof(i, size, store()).forEach(h -> proof.add(base64(h)));
		}
		return bundle;
	}

	/**
	 * A streamed export (NDJSON) of entries [from, to) against the latest checkpoint, one
	 * string per line, with a consistency proof from {@code reference} when not 0.
	 */
	List<String> ndjson(int from, int to, long reference) {
		long size = this.entries.size();
		List<String> lines = new ArrayList<>();
		ObjectNode header = this.json.createObjectNode();
		header.put("format", "mandat-journal-ndjson/1");
		header.put("verifierKey", verifierKey());
		header.put("treeSize", size);
		header.put("checkpoint", note(size));
		header.putObject("range").put("from", from).put("to", to);
		if (reference > 0 && reference <= size) {
			ObjectNode consistency = header.putObject("consistency");
			consistency.put("fromSize", reference);
			ArrayNode proof = consistency.putArray("proof");
			if (reference < size) {
				MerkleTree.consistencyProof(reference, size, store()).forEach(h -> proof.add(base64(h)));
			}
		}
		else {
			header.putNull("consistency");
		}
		lines.add(header.toString());
		for (int i = from; i < to; i++) {
			ObjectNode entry = this.json.createObjectNode();
			entry.put("index", i);
			entry.put("entry", this.entries.get(i));
			ArrayNode proof = entry.putArray("inclusionProof");
			MerkleTree.inclusionProof(i, size, store()).forEach(h -> proof.add(base64(h)));
			lines.add(entry.toString());
		}
		lines.add("{\"end\":true,\"entries\":" + (to - from) + "}");
		return lines;
	}

	ObjectNode consistency(long from, long to) {
		ObjectNode document = this.json.createObjectNode();
		document.set("from", checkpoint(from));
		document.set("to", checkpoint(to));
		ArrayNode proof = document.putArray("proof");
		MerkleTree.consistencyProof(from, to, store()).forEach(h -> proof.add(base64(h)));
		return document;
	}

	private ObjectNode checkpoint(long size) {
		ObjectNode checkpoint = this.json.createObjectNode();
		checkpoint.put("treeSize", size);
		checkpoint.put("signedNote", note(size));
		checkpoint.put("verifierKey", verifierKey());
		return checkpoint;
	}

	private NodeStore store() {
		return (level, index) -> this.nodes.get(level + "/" + index);
	}

	private static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
