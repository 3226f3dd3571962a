package fr.mandat.journal.proof.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks, without trusting the server, a journal export (every entry's inclusion in a
 * signed checkpoint) or a consistency proof between two signed checkpoints. Exit code 0:
 * verified; 1: a check failed (the first bad entry is named); 2: unusable input.
 */
public final class Verifier {

	static final int VERIFIED = 0;

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	private static final String USAGE = """
			Usage :
			  java -jar mandat-verifier.jar paquet <export.json> [--cle <clé de vérification>]
			  java -jar mandat-verifier.jar coherence <coherence.json> [--cle <clé de vérification>]
			La clé de vérification (nom+identifiant+clé) est publiée par l'exploitant du journal ;
			sans --cle, celle du fichier est utilisée, ce qui prouve seulement que le fichier est cohérent.
			""";

	private final PrintStream out;

	private final JsonMapper json = JsonMapper.builder().build();

	Verifier(PrintStream out) {
		this.out = out;
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out));
	}

	/** Runs the verifier and returns its exit code. */
	public static int run(String[] args, PrintStream out) {
		return new Verifier(out).run(args);
	}

	int run(String[] args) {
		if (args.length != 2 && !(args.length == 4 && "--cle".equals(args[2]))) {
			this.out.print(USAGE);
			return UNUSABLE;
		}
		String trustedKey = (args.length == 4) ? args[3] : null;
		try {
			JsonNode document = this.json.readTree(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
			return switch (args[0]) {
				case "paquet" -> bundle(document, trustedKey);
				case "coherence" -> consistency(document, trustedKey);
				default -> {
					this.out.print(USAGE);
					yield UNUSABLE;
				}
			};
		}
		catch (IOException | JacksonException ex) {
			this.out.println("INUTILISABLE : impossible de lire " + args[1] + " comme du JSON.");
			return UNUSABLE;
		}
		catch (UnusableInput ex) {
			this.out.println("INUTILISABLE : " + ex.getMessage());
			return UNUSABLE;
		}
	}

	private int bundle(JsonNode bundle, @Nullable String trustedKey) {
		if (!"mandat-journal-bundle/1".equals(text(bundle, "format"))) {
			throw new UnusableInput("ce fichier n'est pas un paquet exporté du journal Mandat.");
		}
		NoteKey key = key(trustedKey, text(bundle, "verifierKey"));
		Checkpoint checkpoint;
		try {
			checkpoint = Checkpoint.parse(SignedNote.verify(text(field(bundle, "checkpoint"), "signedNote"), key));
		}
		catch (ProofException ex) {
			return failed("le point de contrôle n'est pas signé par " + key.name() + " (" + ex.getMessage() + ").");
		}
		JsonNode entries = field(bundle, "entries");
		for (JsonNode entry : entries) {
			long index = number(entry, "index");
			byte[] leaf = Hashes.leaf(text(entry, "entry").getBytes(StandardCharsets.UTF_8));
			try {
				ProofVerifier.verifyInclusion(index, checkpoint.size(), leaf, hashes(field(entry, "inclusionProof")),
						checkpoint.rootHash());
			}
			catch (ProofException ex) {
				return failed("l'entrée n° " + index + " n'est pas dans le journal signé (" + ex.getMessage() + ").");
			}
		}
		this.out.println("VÉRIFIÉ : " + entries.size() + " entrée(s) incluses dans le point de contrôle de taille "
				+ checkpoint.size() + " du journal « " + checkpoint.origin() + " », signé par " + key.encoded() + ".");
		warnIfUntrusted(trustedKey);
		return VERIFIED;
	}

	private int consistency(JsonNode document, @Nullable String trustedKey) {
		NoteKey key = key(trustedKey, text(field(document, "to"), "verifierKey"));
		Checkpoint from;
		Checkpoint to;
		try {
			from = Checkpoint.parse(SignedNote.verify(text(field(document, "from"), "signedNote"), key));
			to = Checkpoint.parse(SignedNote.verify(text(field(document, "to"), "signedNote"), key));
		}
		catch (ProofException ex) {
			return failed("un point de contrôle n'est pas signé par " + key.name() + " (" + ex.getMessage() + ").");
		}
		if (!from.origin().equals(to.origin())) {
			return failed("les deux points de contrôle viennent de journaux différents.");
		}
		try {
			ProofVerifier.verifyConsistency(from.size(), to.size(), hashes(field(document, "proof")), from.rootHash(),
					to.rootHash());
		}
		catch (ProofException ex) {
			return failed("le journal de taille " + to.size() + " ne prolonge pas celui de taille " + from.size() + " ("
					+ ex.getMessage() + ").");
		}
		this.out.println("VÉRIFIÉ : le journal de taille " + to.size() + " prolonge sans modification celui de taille "
				+ from.size() + ".");
		warnIfUntrusted(trustedKey);
		return VERIFIED;
	}

	private int failed(String reason) {
		this.out.println("ÉCHEC : " + reason);
		return FAILED;
	}

	private void warnIfUntrusted(@Nullable String trustedKey) {
		if (trustedKey == null) {
			this.out.println("Attention : clé lue dans le fichier. Comparez-la à la clé publiée, ou passez --cle.");
		}
	}

	private static NoteKey key(@Nullable String trusted, String fromFile) {
		try {
			return NoteKey.parse((trusted != null) ? trusted : fromFile);
		}
		catch (ProofException ex) {
			throw new UnusableInput("clé de vérification illisible (" + ex.getMessage() + ").");
		}
	}

	private static JsonNode field(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			throw new UnusableInput("le champ « " + name + " » manque.");
		}
		return value;
	}

	private static String text(JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (!value.isString()) {
			throw new UnusableInput("le champ « " + name + " » doit être du texte.");
		}
		return value.asString();
	}

	private static long number(JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw new UnusableInput("le champ « " + name + " » doit être un nombre entier.");
		}
		return value.asLong();
	}

	private static List<byte[]> hashes(JsonNode array) {
		if (!array.isArray()) {
			throw new UnusableInput("une preuve est une liste d'empreintes.");
		}
		List<byte[]> hashes = new ArrayList<>();
		for (JsonNode element : array) {
			try {
				hashes.add(Base64.getDecoder().decode(element.asString()));
			}
			catch (IllegalArgumentException ex) {
				throw new UnusableInput("une empreinte de preuve n'est pas du base64.");
			}
		}
		return hashes;
	}

	private static final class UnusableInput extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnusableInput(String message) {
			super(message);
		}

	}

}
