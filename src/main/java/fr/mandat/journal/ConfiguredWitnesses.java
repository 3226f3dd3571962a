package fr.mandat.journal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import fr.mandat.journal.proof.CosignerKey;
import fr.mandat.journal.proof.ProofException;
import fr.mandat.journal.proof.WitnessPolicy;

import org.springframework.stereotype.Component;

/**
 * The witnesses of the configuration and the policy that makes a checkpoint witnessed.
 */
@Component
class ConfiguredWitnesses {

	private final List<Witness> all;

	private final WitnessPolicy policy;

	ConfiguredWitnesses(JournalProperties properties) {
		List<Witness> witnesses = new ArrayList<>();
		for (int i = 0; i < properties.witnesses().size(); i++) {
			JournalProperties.Witness configured = properties.witnesses().get(i);
			try {
				witnesses.add(new Witness(CosignerKey.parse(configured.key()), configured.url()));
			}
			catch (ProofException ex) {
				throw new IllegalStateException(
						"mandat.journal.witnesses[" + i + "].key is not a witness verifier key: " + ex.getMessage());
			}
		}
		this.all = List.copyOf(witnesses);
		try {
			this.policy = new WitnessPolicy(witnesses.stream().map(Witness::key).toList(), properties.quorum());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("mandat.journal.witness-quorum: " + ex.getMessage());
		}
	}

	List<Witness> all() {
		return this.all;
	}

	WitnessPolicy policy() {
		return this.policy;
	}

	List<String> names() {
		return this.all.stream().map(Witness::name).toList();
	}

	/** A witness: its cosigner key and where it takes submissions. */
	record Witness(CosignerKey key, URI url) {

		String name() {
			return this.key.name();
		}

		URI addCheckpoint() {
			String base = this.url.toString();
			return URI.create((base.endsWith("/") ? base : base + "/") + "add-checkpoint");
		}

	}

}
