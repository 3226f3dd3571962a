package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.journal.JournalAudit.BundleEntry;
import fr.mandat.journal.JournalAudit.SignedCheckpoint;
import fr.mandat.journal.proof.Cosignature;
import fr.mandat.journal.proof.Hashes;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.ProofVerifier;
import fr.mandat.journal.proof.TlogProof;
import fr.mandat.journal.proof.WitnessPolicy;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class JdbcUsagerJournal implements UsagerJournal {

	private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final JournalAuditProofs proofs;

	private final CheckpointSigner signer;

	private final ConfiguredWitnesses witnesses;

	private final TransactionTemplate transactions;

	JdbcUsagerJournal(JdbcClient jdbc, JsonMapper json, JournalAuditProofs proofs, CheckpointSigner signer,
			ConfiguredWitnesses witnesses, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.proofs = proofs;
		this.signer = signer;
		this.witnesses = witnesses;
		this.transactions = transactions;
	}

	private static final String SELECT = """
			SELECT e.id, l.idx, e.recorded_at, e.action, e.actor_type, e.actor_id, e.structure_id, e.mandate_id,
			       e.demarche, e.payload
			FROM journal_entry e LEFT JOIN journal_leaf l ON l.entry_id = e.id
			""";

	@Override
	public List<Entry> entries(String usagerPseudonym, int limit) {
		return this.jdbc.sql(SELECT + " WHERE e.usager_ref = :usager ORDER BY e.recorded_at, e.id LIMIT :limit")
			.param("usager", usagerPseudonym)
			.param("limit", limit)
			.query(this::entry)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.toList();
	}

	@Override
	public Optional<Receipt> receipt(UUID entryId, String usagerPseudonym) {
		Optional<Receipt> receipt = this.transactions
			.execute(status -> this.jdbc.sql(SELECT + " WHERE e.id = :id AND e.usager_ref = :usager")
				.param("id", entryId)
				.param("usager", usagerPseudonym)
				.query(this::entry)
				.optional()
				.flatMap(e -> e)
				.map(this::receiptOf));
		return (receipt != null) ? receipt : Optional.empty();
	}

	private Optional<Entry> entry(ResultSet rs, int rowNum) throws SQLException {
		JournalAction action;
		try {
			action = JournalAction.valueOf(rs.getString("action"));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return Optional.of(new Entry(rs.getObject("id", UUID.class), rs.getObject("idx", Long.class),
				rs.getTimestamp("recorded_at").toInstant(), action, rs.getString("actor_type"),
				rs.getString("actor_id"), rs.getObject("structure_id", UUID.class),
				rs.getObject("mandate_id", UUID.class), rs.getString("demarche"),
				this.json.readValue(rs.getString("payload"), PAYLOAD)));
	}

	private Receipt receiptOf(Entry entry) {
		WitnessPolicy policy = this.witnesses.policy();
		String journalKey = this.signer.verifierKey().encoded();
		String origin = this.signer.verifierKey().name();
		List<String> witnessKeys = policy.witnesses().stream().map(k -> k.encoded()).toList();
		Long index = entry.index();
		SignedCheckpoint checkpoint = checkpoint();
		if (index == null || checkpoint == null || index >= checkpoint.treeSize()) {
			return new Receipt(entry, null, null, 0, origin, journalKey, List.<String>of(), witnessKeys,
					policy.quorum(), false);
		}
		BundleEntry bundled = this.proofs.bundleEntries(index, 1, checkpoint.treeSize(), new JdbcNodeStore(this.jdbc))
			.get(0);
		List<byte[]> path = bundled.inclusionProof().stream().map(h -> Base64.getDecoder().decode(h)).toList();
		byte[] leaf = bundled.entry().getBytes(StandardCharsets.UTF_8);
		String proof = new TlogProof(leaf, index, path, checkpoint.signedNote()).format();
		List<String> cosigners = List.of();
		boolean verified;
		try {
			WitnessPolicy.Witnessed witnessed = policy.verify(checkpoint.signedNote(), this.signer.verifierKey(),
					CheckpointSigner::bouncyCastleEd25519);
			ProofVerifier.verifyInclusion(index, witnessed.checkpoint().size(), Hashes.leaf(leaf), path,
					witnessed.checkpoint().rootHash());
			cosigners = witnessed.cosignatures().stream().map(Cosignature::key).map(k -> k.name()).toList();
			verified = true;
		}
		catch (ProofException ex) {
			verified = false;
		}
		return new Receipt(entry, bundled.entry(), proof, checkpoint.treeSize(), origin, journalKey, cosigners,
				witnessKeys, policy.quorum(), verified);
	}

	private @Nullable SignedCheckpoint checkpoint() {
		try {
			return this.proofs.exportCheckpoint();
		}
		catch (JournalQueryException ex) {
			return null;
		}
	}

}
