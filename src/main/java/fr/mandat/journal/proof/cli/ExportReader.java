package fr.mandat.journal.proof.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Consumer;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.TreeAppender;
import fr.mandat.journal.proof.cli.Failure.Kind;
import fr.mandat.journal.proof.cli.Trust.ConsistencyProof;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and checks an export, a JSON bundle ({@code mandat-journal-bundle/1}) or a
 * streamed NDJSON export ({@code mandat-journal-ndjson/1}), entry by entry: each entry's
 * inclusion in the checkpoint, the checkpoint against what the user trusts, and, for a
 * streamed export, that nothing is missing (every index of the announced range, and the
 * last line).
 */
final class ExportReader {

	static final String BUNDLE = "mandat-journal-bundle/1";

	static final String NDJSON = "mandat-journal-ndjson/1";

	private final JsonMapper json;

	private final Trust trust;

	ExportReader(JsonMapper json, Trust trust) {
		this.json = json;
		this.trust = trust;
	}

	/**
	 * @param entries told of each entry once its proof checked, in file order
	 */
	Summary read(String file, Consumer<Entry> entries) {
		String first;
		try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
			first = reader.readLine();
		}
		catch (IOException ex) {
			throw new UnusableInput("impossible de lire " + file + ".");
		}
		if (first != null && first.contains("\"" + NDJSON + "\"")) {
			return ndjson(file, entries);
		}
		return bundle(this.json.readTree(Trust.read(file)), entries);
	}

	private Summary bundle(JsonNode bundle, Consumer<Entry> entries) {
		if (!BUNDLE.equals(optionalText(bundle, "format"))) {
			throw new UnusableInput("ce fichier n'est pas un export du journal Mandat.");
		}
		NoteKey key = this.trust.key(optionalText(bundle, "verifierKey"));
		Trust.Verified verified = this.trust.checkpoint(text(field(bundle, "checkpoint"), "signedNote"), key);
		String reference = compare(key, verified.checkpoint(), null, null);
		long count = 0;
		for (JsonNode entry : field(bundle, "entries")) {
			entries.accept(check(entry, verified.checkpoint()));
			count++;
		}
		return new Summary(key, verified, count, false, reference);
	}

	private Summary ndjson(String file, Consumer<Entry> entries) {
		try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
			JsonNode header = this.json.readTree(reader.readLine());
			NoteKey key = this.trust.key(optionalText(header, "verifierKey"));
			Trust.Verified verified = this.trust.checkpoint(text(header, "checkpoint"), key);
			Checkpoint checkpoint = verified.checkpoint();
			JsonNode range = header.get("range");
			long from = (range != null) ? number(range, "from") : -1;
			long to = (range != null) ? number(range, "to") : -1;
			if (range != null && (from < 0 || to > checkpoint.size() || from >= to)) {
				throw new UnusableInput("l'intervalle annoncé [" + from + ", " + to + ") ne tient pas dans le point "
						+ "de contrôle de taille " + checkpoint.size() + ".");
			}
			ConsistencyProof consistency = null;
			JsonNode proof = header.get("consistency");
			if (proof != null && !proof.isNull()) {
				consistency = new ConsistencyProof(number(proof, "fromSize"), Trust.hashes(field(proof, "proof")));
			}
			Checkpoint reference = this.trust.reference(key);
			// From index 0, the tree is rebuilt as entries come: its root at the
			// reference's size and at the checkpoint's size are then known.
			TreeAppender tree = (from == 0) ? TreeAppender.empty() : null;
			byte[] rootAtReference = null;
			long expected = from;
			long count = 0;
			JsonNode end = null;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode node = this.json.readTree(line);
				if (node.has("end")) {
					end = node;
					break;
				}
				Entry entry = check(node, checkpoint);
				if (range != null) {
					if (entry.index() > expected) {
						throw new Failure(Kind.TRUNCATION, "l'export annonce les entrées n° " + from + " à " + (to - 1)
								+ " mais il y manque " + missing(expected, entry.index() - 1) + ".");
					}
					if (entry.index() < expected) {
						throw new Failure(null, "l'entrée n° " + entry.index() + " est en double ou hors d'ordre.");
					}
					expected++;
				}
				if (tree != null) {
					tree.append(List.of(entry.leafHash()));
					if (reference != null && tree.size() == reference.size()) {
						rootAtReference = tree.root();
					}
				}
				entries.accept(entry);
				count++;
			}
			if (end == null) {
				throw new Failure(Kind.TRUNCATION, "l'export s'arrête après " + count + " entrée(s) sans sa dernière "
						+ "ligne : il a été coupé"
						+ ((range != null && expected < to) ? " ; il y manque " + missing(expected, to - 1) : "")
						+ ".");
			}
			if (range != null && expected < to) {
				throw new Failure(Kind.TRUNCATION, "l'export annonce les entrées n° " + from + " à " + (to - 1)
						+ " mais il y manque " + missing(expected, to - 1) + ".");
			}
			if (number(end, "entries") != count) {
				throw new Failure(Kind.TRUNCATION, "l'export annonce " + number(end, "entries") + " entrée(s) mais en "
						+ "contient " + count + ".");
			}
			boolean complete = from == 0 && to == checkpoint.size();
			if (complete && tree != null && !MessageDigest.isEqual(tree.root(), checkpoint.rootHash())) {
				throw new Failure(null, "l'arbre reconstruit à partir des entrées ne donne pas la racine signée.");
			}
			String compared = (reference != null)
					? this.trust.compare(reference, checkpoint, consistency, rootAtReference) : null;
			return new Summary(key, verified, count, complete, compared);
		}
		catch (IOException ex) {
			throw new UnusableInput("impossible de lire " + file + ".");
		}
	}

	private @Nullable String compare(NoteKey key, Checkpoint checkpoint, @Nullable ConsistencyProof proof,
			byte @Nullable [] rootAtReference) {
		Checkpoint reference = this.trust.reference(key);
		return (reference != null) ? this.trust.compare(reference, checkpoint, proof, rootAtReference) : null;
	}

	private static String missing(long first, long last) {
		return (first == last) ? "l'entrée n° " + first : "les entrées n° " + first + " à " + last;
	}

	private static Entry check(JsonNode entry, Checkpoint checkpoint) {
		long index = number(entry, "index");
		String text = text(entry, "entry");
		byte[] leaf = Hashes.leaf(text.getBytes(StandardCharsets.UTF_8));
		try {
			ProofVerifier.verifyInclusion(index, checkpoint.size(), leaf, Trust.hashes(field(entry, "inclusionProof")),
					checkpoint.rootHash());
		}
		catch (ProofException ex) {
			throw new Failure(null,
					"l'entrée n° " + index + " n'est pas dans le journal signé (" + ex.getMessage() + ").");
		}
		return new Entry(index, text, leaf, entry.get("inclusionProof"));
	}

	static JsonNode field(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			throw new UnusableInput("le champ « " + name + " » manque.");
		}
		return value;
	}

	static String text(JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (!value.isString()) {
			throw new UnusableInput("le champ « " + name + " » doit être du texte.");
		}
		return value.asString();
	}

	static @Nullable String optionalText(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	static long number(JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new UnusableInput("le champ « " + name + " » doit être un nombre entier.");
		}
		return value.asLong();
	}

	/** An entry whose inclusion checked: its canonical JSON and proof. */
	record Entry(long index, String text, byte[] leafHash, JsonNode inclusionProof) {
	}

	/**
	 * @param complete whether the export holds every entry of its checkpoint
	 * @param reference how it relates to the reference checkpoint, if one was given
	 */
	record Summary(NoteKey key, Trust.Verified checkpoint, long entries, boolean complete, @Nullable String reference) {
	}

}
