package fr.mandat.journal.proof.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import fr.mandat.journal.proof.Checkpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.CosignerKey;
import fr.mandat.journal.proof.NoteKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.SignedNote;
import fr.mandat.journal.proof.WitnessPolicy;
import fr.mandat.journal.proof.cli.Failure.Kind;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the person running the verifier trusts, brought from outside the files checked:
 * the journal's key, the witnesses' keys with a quorum, and a checkpoint saved earlier.
 */
final class Trust {

	private final @Nullable NoteKey trustedKey;

	private final WitnessPolicy policy;

	private final @Nullable String referenceFile;

	private final @Nullable String consistencyFile;

	private final JsonMapper json;

	private Trust(@Nullable NoteKey trustedKey, WitnessPolicy policy, @Nullable String referenceFile,
			@Nullable String consistencyFile, JsonMapper json) {
		this.trustedKey = trustedKey;
		this.policy = policy;
		this.referenceFile = referenceFile;
		this.consistencyFile = consistencyFile;
		this.json = json;
	}

	static Trust of(Options options, JsonMapper json) {
		NoteKey key = null;
		if (options.key() != null) {
			key = noteKey(options.key());
		}
		List<CosignerKey> witnesses = new ArrayList<>();
		for (String witness : options.witnesses()) {
			try {
				witnesses.add(CosignerKey.parse(witness));
			}
			catch (ProofException ex) {
				throw new UnusableInput("clé de témoin illisible (" + ex.getMessage() + ") : " + witness);
			}
		}
		int quorum = (options.quorum() != null) ? options.quorum() : witnesses.size();
		WitnessPolicy policy;
		try {
			policy = new WitnessPolicy(witnesses, quorum);
		}
		catch (IllegalArgumentException ex) {
			throw new UnusableInput("--quorum doit être entre 1 et le nombre de --temoin (" + witnesses.size() + ").");
		}
		if (options.quorum() != null && quorum == 0) {
			throw new UnusableInput("--quorum doit être au moins 1.");
		}
		return new Trust(key, policy, options.reference(), options.consistency(), json);
	}

	static NoteKey noteKey(String encoded) {
		try {
			return NoteKey.parse(encoded);
		}
		catch (ProofException ex) {
			throw new UnusableInput("clé de vérification illisible (" + ex.getMessage() + ").");
		}
	}

	boolean keyTrusted() {
		return this.trustedKey != null;
	}

	boolean witnessesRequired() {
		return this.policy.quorum() > 0;
	}

	/** The key given on the command line, or else the one the file carries. */
	NoteKey key(@Nullable String fromFile) {
		if (this.trustedKey != null) {
			return this.trustedKey;
		}
		if (fromFile == null) {
			throw new UnusableInput("indiquez la clé de vérification du journal avec --cle.");
		}
		return noteKey(fromFile);
	}

	/**
	 * Checks a checkpoint's signature by the journal and, if witnesses are required, the
	 * quorum of their cosignatures.
	 */
	Verified checkpoint(String note, NoteKey key) {
		Checkpoint checkpoint;
		try {
			checkpoint = Checkpoint.parse(SignedNote.verify(note, key));
		}
		catch (ProofException ex) {
			throw new Failure(null,
					"le point de contrôle n'est pas signé par " + key.name() + " (" + ex.getMessage() + ").");
		}
		List<String> witnessedBy = List.of();
		if (witnessesRequired()) {
			try {
				witnessedBy = this.policy.verify(note, key)
					.cosignatures()
					.stream()
					.map(Cosignature::key)
					.map(CosignerKey::name)
					.toList();
			}
			catch (WitnessPolicy.NotWitnessed ex) {
				throw new Failure(Kind.NOT_WITNESSED,
						"le point de contrôle de taille " + checkpoint.size() + " ne porte que " + ex.found()
								+ " cosignature(s) valide(s) des témoins indiqués ; il en faut " + ex.required()
								+ ". Rien ne dit que d'autres voient le même journal.");
			}
			catch (ProofException ex) {
				throw new Failure(null, "une cosignature de témoin sur le point de contrôle n'est pas valide ("
						+ ex.getMessage() + ").");
			}
		}
		return new Verified(checkpoint, witnessedBy);
	}

	/** The saved checkpoint of {@code --reference}, checked with the journal's key. */
	@Nullable Checkpoint reference(NoteKey key) {
		if (this.referenceFile == null) {
			return null;
		}
		String note = read(this.referenceFile);
		try {
			return Checkpoint.parse(SignedNote.verify(note, key));
		}
		catch (ProofException ex) {
			throw new UnusableInput("le point de contrôle de référence n'est pas signé par la clé " + key.name() + " ("
					+ ex.getMessage() + ").");
		}
	}

	/**
	 * Compares what is shown with the reference: older is a rollback, the same size with
	 * another root or a failed consistency proof is a fork.
	 * @param proof a consistency proof from the reference's size, if the file has one
	 * @param rootAtReference the root of the shown journal at the reference's size, if
	 * the file lets the verifier rebuild it
	 * @return what was established, for the report
	 */
	String compare(Checkpoint reference, Checkpoint shown, @Nullable ConsistencyProof proof,
			byte @Nullable [] rootAtReference) {
		if (shown.size() < reference.size()) {
			throw new Failure(Kind.ROLLBACK,
					"le journal présenté compte " + shown.size() + " entrées ; le point de contrôle de référence en "
							+ "couvrait déjà " + reference.size()
							+ " : il a été ramené en arrière ou tronqué (ou l'on vous en montre un état ancien).");
		}
		if (shown.size() == reference.size()) {
			if (!MessageDigest.isEqual(shown.rootHash(), reference.rootHash())) {
				throw new Failure(Kind.FORK,
						"le journal présenté et le point de contrôle de référence ont la même taille (" + shown.size()
								+ ") mais des racines différentes : ce sont deux histoires différentes.");
			}
			return "identique au point de contrôle de référence (taille " + reference.size() + ")";
		}
		ConsistencyProof consistency = (proof != null) ? proof : consistencyFile(reference, shown);
		if (consistency != null && consistency.fromSize() == reference.size()) {
			try {
				ProofVerifier.verifyConsistency(reference.size(), shown.size(), consistency.proof(),
						reference.rootHash(), shown.rootHash());
			}
			catch (ProofException ex) {
				throw new Failure(Kind.FORK,
						"le journal de taille " + shown.size()
								+ " ne prolonge pas celui du point de contrôle de référence (taille " + reference.size()
								+ ") : son histoire a été réécrite (" + ex.getMessage() + ").");
			}
			return "prolonge sans modification le point de contrôle de référence (taille " + reference.size() + ")";
		}
		if (rootAtReference != null) {
			if (!MessageDigest.isEqual(rootAtReference, reference.rootHash())) {
				throw new Failure(Kind.FORK, "les " + reference.size() + " premières entrées présentées ne donnent pas "
						+ "la racine du point de contrôle de référence : l'histoire du journal a été réécrite.");
			}
			return "prolonge sans modification le point de contrôle de référence (taille " + reference.size() + ")";
		}
		throw new UnusableInput("rien ne relie ce journal (taille " + shown.size()
				+ ") au point de contrôle de référence (taille " + reference.size() + ") : exportez avec reference="
				+ reference.size() + " ou joignez --coherence.");
	}

	private @Nullable ConsistencyProof consistencyFile(Checkpoint reference, Checkpoint shown) {
		if (this.consistencyFile == null) {
			return null;
		}
		JsonNode document = this.json.readTree(read(this.consistencyFile));
		JsonNode proof = document.get("proof");
		if (proof == null || !proof.isArray() || document.path("from").path("treeSize").asLong(-1) != reference.size()
				|| document.path("to").path("treeSize").asLong(-1) != shown.size()) {
			throw new UnusableInput("le fichier de --coherence ne va pas de la taille " + reference.size()
					+ " à la taille " + shown.size() + ".");
		}
		return new ConsistencyProof(reference.size(), hashes(proof));
	}

	static List<byte[]> hashes(JsonNode array) {
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

	static String read(String file) {
		try {
			return Files.readString(Path.of(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UnusableInput("impossible de lire " + file + ".");
		}
	}

	/** A checkpoint that checked, with the witnesses whose cosignatures verified. */
	record Verified(Checkpoint checkpoint, List<String> witnessedBy) {
	}

	record ConsistencyProof(long fromSize, List<byte[]> proof) {
	}

}
