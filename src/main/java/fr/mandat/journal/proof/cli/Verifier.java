package fr.mandat.journal.proof.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.TlogProof;
import fr.mandat.journal.proof.cli.ExportReader.Entry;
import fr.mandat.journal.proof.cli.ExportReader.Summary;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks, without trusting the server, the journal's exports, checkpoints, consistency
 * proofs and entry receipts (C2SP tlog-proof), against what the person running it trusts:
 * the journal's key ({@code --cle}), witnesses' keys and quorum ({@code --temoin},
 * {@code --quorum}) and a checkpoint saved earlier ({@code --reference}). Exit code 0:
 * verified; 1: a check failed (the first bad entry, or the rollback, truncation or fork,
 * is named); 2: unusable input.
 */
public final class Verifier {

	static final int VERIFIED = 0;

	static final int FAILED = 1;

	static final int UNUSABLE = 2;

	private static final String USAGE = """
			Usage :
			  java -jar mandat-verifier.jar paquet <export.json|export.ndjson> [confiance]
			  java -jar mandat-verifier.jar point <point-de-controle.txt> [confiance] [--coherence <coherence.json>]
			  java -jar mandat-verifier.jar coherence <coherence.json> [--cle <clé>]
			  java -jar mandat-verifier.jar preuve <entree.tlog-proof> [confiance]
			  java -jar mandat-verifier.jar recu <export.json|export.ndjson> <n° d'entrée> [--sortie <entree.tlog-proof>]
			  java -jar mandat-verifier.jar mandat <verification.json> <export.ndjson complet> [confiance]
			Confiance (à prendre ailleurs que chez le serveur vérifié) :
			  --cle <clé du journal>        nom+identifiant+clé, publiée par l'exploitant du journal ;
			                                sans --cle, celle du fichier est utilisée, ce qui prouve seulement
			                                que le fichier est cohérent avec lui-même
			  --temoin <clé de témoin>      autant de fois que de témoins de confiance (C2SP tlog-cosignature)
			  --quorum <n>                  combien de ces témoins doivent avoir cosigné (par défaut : tous)
			  --reference <point.txt>       un point de contrôle enregistré auparavant (par ex. /journal/checkpoint) :
			                                retour en arrière, troncature et vue divergente sont alors détectés
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
		try {
			Options options = Options.parse(args);
			return switch (options.command()) {
				case "paquet" -> bundle(options, one(options));
				case "point" -> checkpoint(options, one(options));
				case "coherence" -> consistency(options, one(options));
				case "preuve" -> receipt(options, one(options));
				case "recu" -> writeReceipt(options);
				case "mandat" -> mandate(options);
				default -> usage();
			};
		}
		catch (Options.BadUsage ex) {
			return usage();
		}
		catch (Failure ex) {
			this.out.println(
					"ÉCHEC" + ((ex.kind() != null) ? " (" + ex.kind().label() + ")" : "") + " : " + ex.getMessage());
			return FAILED;
		}
		catch (UnusableInput ex) {
			this.out.println("INUTILISABLE : " + ex.getMessage());
			return UNUSABLE;
		}
		catch (JacksonException ex) {
			this.out.println("INUTILISABLE : le fichier n'est pas du JSON lisible.");
			return UNUSABLE;
		}
	}

	private int usage() {
		this.out.print(USAGE);
		return UNUSABLE;
	}

	private static String one(Options options) {
		if (options.files().size() != 1) {
			throw new Options.BadUsage();
		}
		return options.files().get(0);
	}

	private int bundle(Options options, String file) {
		Trust trust = Trust.of(options, this.json);
		Summary summary = new ExportReader(this.json, trust).read(file, entry -> {
		});
		Checkpoint checkpoint = summary.checkpoint().checkpoint();
		this.out.println("VÉRIFIÉ : " + summary.entries() + " entrée(s) incluses dans le point de contrôle de taille "
				+ checkpoint.size() + " du journal « " + checkpoint.origin() + " », signé par "
				+ summary.key().encoded() + ".");
		if (summary.complete()) {
			this.out.println("L'export est complet : il contient toutes les entrées de ce point de contrôle.");
		}
		report(trust, summary.checkpoint(), summary.reference());
		return VERIFIED;
	}

	private int checkpoint(Options options, String file) {
		Trust trust = Trust.of(options, this.json);
		if (!trust.keyTrusted()) {
			throw new UnusableInput("indiquez la clé de vérification du journal avec --cle.");
		}
		NoteKey key = trust.key(null);
		Trust.Verified verified = trust.checkpoint(Trust.read(file), key);
		Checkpoint reference = trust.reference(key);
		String compared = (reference != null) ? trust.compare(reference, verified.checkpoint(), null, null) : null;
		this.out.println("VÉRIFIÉ : point de contrôle de taille " + verified.checkpoint().size() + " du journal « "
				+ verified.checkpoint().origin() + " », signé par " + key.encoded() + ".");
		report(trust, verified, compared);
		return VERIFIED;
	}

	private int consistency(Options options, String file) {
		JsonNode document = this.json.readTree(Trust.read(file));
		Trust trust = Trust.of(options, this.json);
		NoteKey key = trust.key(ExportReader.optionalText(ExportReader.field(document, "to"), "verifierKey"));
		Checkpoint from;
		Checkpoint to;
		try {
			from = Checkpoint
				.parse(SignedNote.verify(ExportReader.text(ExportReader.field(document, "from"), "signedNote"), key));
			to = Checkpoint
				.parse(SignedNote.verify(ExportReader.text(ExportReader.field(document, "to"), "signedNote"), key));
		}
		catch (ProofException ex) {
			throw new Failure(null,
					"un point de contrôle n'est pas signé par " + key.name() + " (" + ex.getMessage() + ").");
		}
		if (!from.origin().equals(to.origin())) {
			throw new Failure(null, "les deux points de contrôle viennent de journaux différents.");
		}
		try {
			ProofVerifier.verifyConsistency(from.size(), to.size(), Trust.hashes(ExportReader.field(document, "proof")),
					from.rootHash(), to.rootHash());
		}
		catch (ProofException ex) {
			throw new Failure(Failure.Kind.FORK, "le journal de taille " + to.size()
					+ " ne prolonge pas celui de taille " + from.size() + " (" + ex.getMessage() + ").");
		}
		this.out.println("VÉRIFIÉ : le journal de taille " + to.size() + " prolonge sans modification celui de taille "
				+ from.size() + ".");
		warnIfUntrusted(trust);
		return VERIFIED;
	}

	private int receipt(Options options, String file) {
		Trust trust = Trust.of(options, this.json);
		if (!trust.keyTrusted()) {
			throw new UnusableInput("indiquez la clé de vérification du journal avec --cle.");
		}
		TlogProof proof;
		try {
			proof = TlogProof.parse(Trust.read(file));
		}
		catch (ProofException ex) {
			throw new UnusableInput("ce fichier n'est pas une preuve C2SP tlog-proof (" + ex.getMessage() + ").");
		}
		byte[] entry = proof.extra();
		if (entry == null) {
			throw new UnusableInput("la preuve ne porte pas l'entrée (données « extra »).");
		}
		NoteKey key = trust.key(null);
		Trust.Verified verified = trust.checkpoint(proof.checkpoint(), key);
		try {
			ProofVerifier.verifyInclusion(proof.index(), verified.checkpoint().size(), Hashes.leaf(entry),
					proof.inclusionProof(), verified.checkpoint().rootHash());
		}
		catch (ProofException ex) {
			throw new Failure(null,
					"l'entrée n° " + proof.index() + " n'est pas dans le journal signé (" + ex.getMessage() + ").");
		}
		Checkpoint reference = trust.reference(key);
		String compared = null;
		if (reference != null && verified.checkpoint().size() <= reference.size()) {
			compared = trust.compare(reference, verified.checkpoint(), null, null);
		}
		else if (reference != null) {
			compared = "plus récent que le point de contrôle de référence (taille " + reference.size()
					+ ") : vérifiez sa cohérence avec « point … --coherence »";
		}
		this.out.println("VÉRIFIÉ : l'entrée n° " + proof.index() + " est incluse dans le point de contrôle de taille "
				+ verified.checkpoint().size() + " du journal « " + verified.checkpoint().origin() + " ».");
		this.out.println("Entrée : " + new String(entry, StandardCharsets.UTF_8));
		report(trust, verified, compared);
		return VERIFIED;
	}

	private int writeReceipt(Options options) {
		if (options.files().size() != 2) {
			throw new Options.BadUsage();
		}
		long index;
		try {
			index = Long.parseLong(options.files().get(1));
		}
		catch (NumberFormatException ex) {
			throw new UnusableInput("le numéro d'entrée doit être un nombre entier.");
		}
		List<Entry> found = new ArrayList<>();
		Trust trust = Trust.of(options, this.json);
		new ExportReader(this.json, trust).read(options.files().get(0), entry -> {
			if (entry.index() == index) {
				found.add(entry);
			}
		});
		if (found.isEmpty()) {
			throw new UnusableInput("l'export ne contient pas l'entrée n° " + index + ".");
		}
		Entry entry = found.get(0);
		String proof = new TlogProof(entry.text().getBytes(StandardCharsets.UTF_8), index,
				Trust.hashes(entry.inclusionProof()), checkpointNote(options.files().get(0)))
			.format();
		if (options.output() != null) {
			try {
				Files.writeString(Path.of(options.output()), proof, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UnusableInput("impossible d'écrire " + options.output() + ".");
			}
			this.out.println("ÉCRIT : " + options.output() + " (C2SP tlog-proof de l'entrée n° " + index + ").");
		}
		else {
			this.out.print(proof);
		}
		return VERIFIED;
	}

	/** The signed note, verbatim (with its cosignatures), of an export. */
	private String checkpointNote(String file) {
		try (var reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
			String first = reader.readLine();
			if (first != null && first.contains("\"" + ExportReader.NDJSON + "\"")) {
				return ExportReader.text(this.json.readTree(first), "checkpoint");
			}
		}
		catch (IOException ex) {
			throw new UnusableInput("impossible de lire " + file + ".");
		}
		return ExportReader.text(ExportReader.field(this.json.readTree(Trust.read(file)), "checkpoint"), "signedNote");
	}

	private int mandate(Options options) {
		if (options.files().size() != 2) {
			throw new Options.BadUsage();
		}
		JsonNode verification = this.json.readTree(Trust.read(options.files().get(0)));
		String id = ExportReader.text(verification, "id");
		MandateReplay replay = new MandateReplay(this.json, id);
		Trust trust = Trust.of(options, this.json);
		Summary summary = new ExportReader(this.json, trust).read(options.files().get(1), replay::accept);
		if (!summary.complete()) {
			throw new UnusableInput("pour rejouer un mandat, il faut l'export complet du journal (de l'entrée n° 0 "
					+ "jusqu'à son point de contrôle) : /api/v1/audit/export.ndjson.");
		}
		String verdict = replay.compare(verification);
		this.out.println("VÉRIFIÉ : mandat " + id + " " + verdict + " (journal complet de "
				+ summary.checkpoint().checkpoint().size() + " entrées).");
		report(trust, summary.checkpoint(), summary.reference());
		return VERIFIED;
	}

	private void report(Trust trust, Trust.Verified verified, @Nullable String reference) {
		if (!verified.witnessedBy().isEmpty()) {
			this.out.println("Témoigné par : " + String.join(", ", verified.witnessedBy()) + ".");
		}
		if (reference != null) {
			this.out.println("Référence : " + reference + ".");
		}
		warnIfUntrusted(trust);
		if (!trust.witnessesRequired()) {
			this.out.println("Remarque : sans --temoin, rien ne dit que d'autres voient le même journal.");
		}
	}

	private void warnIfUntrusted(Trust trust) {
		if (!trust.keyTrusted()) {
			this.out.println("Attention : clé lue dans le fichier. Comparez-la à la clé publiée, ou passez --cle.");
		}
	}

}
