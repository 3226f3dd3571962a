package fr.mandat.journal.proof.cli;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.MerkleTree;
import fr.mandat.journal.proof.NodeStore;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.TreeAppender;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds exports and consistency documents like the server's, from an in-memory tree. */
final class TestBundles {

	static final String ORIGIN = "test.mandat/journal";

	private final JsonMapper json = JsonMapper.builder().build();

	private final KeyPair pair;

	private final NoteKey key;

	private final Map<String, byte[]> nodes = new HashMap<>();

	private final List<String> entries = new ArrayList<>();

	private final TreeAppender tree = TreeAppender.empty();

	private final List<String> notes = new ArrayList<>();

	TestBundles(int size) {
		try {
			this.pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		this.key = new NoteKey(ORIGIN, this.pair.getPublic());
		for (int i = 0; i < size; i++) {
			String entry = "{\"action\":\"MANDATE_EXPIRED\",\"id\":\"e" + i + "\",\"v\":1}";
			this.entries.add(entry);
			this.tree.append(List.of(Hashes.leaf(entry.getBytes(StandardCharsets.UTF_8))))
				.forEach(n -> this.nodes.put(n.level() + "/" + n.index(), n.hash()));
			this.notes.add(SignedNote.sign(new Checkpoint(ORIGIN, this.tree.size(), this.tree.root()).body(), this.key,
					this.pair.getPrivate()));
		}
	}

	String verifierKey() {
		return this.key.encoded();
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
		checkpoint.put("signedNote", this.notes.get((int) size - 1));
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
