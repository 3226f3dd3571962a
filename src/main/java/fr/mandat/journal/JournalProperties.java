package fr.mandat.journal;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param origin the first line of every checkpoint: names this journal (e.g.
 * {@code mandat.example.fr/journal}) and the key that signs it
 * @param sequencerInterval how often the sequencer looks for entries nobody woke it for
 * (it is woken when this instance's entries commit)
 * @param batchSize the most entries sequenced in one transaction
 * @param witnesses the witnesses asked to cosign each new checkpoint (C2SP tlog-witness)
 * @param witnessQuorum how many of them must cosign a checkpoint for it to count as
 * witnessed; all of them when not set
 * @param witnessInterval how often new checkpoints are submitted to the witnesses
 * @param witnessTimeout how long a witness may take to answer
 * @param publicCheckpointCache how long the public checkpoint endpoint answers from
 * memory before reading the database again
 */
@Validated
@ConfigurationProperties("mandat.journal")
record JournalProperties(@NotBlank String origin, @NotNull Duration sequencerInterval,
		@Min(1) @Max(10_000) int batchSize, @DefaultValue List<@Valid Witness> witnesses,
		@Nullable @Min(0) Integer witnessQuorum, @DefaultValue("250ms") Duration witnessInterval,
		@DefaultValue("3s") Duration witnessTimeout, @DefaultValue("1s") Duration publicCheckpointCache) {

	/**
	 * @param url the witness's submission prefix ({@code <url>/add-checkpoint})
	 * @param key its cosigner verifier key, {@code name+keyid+base64(0x04 || key)}
	 */
	record Witness(@NotNull URI url, @NotBlank String key) {
	}

	int quorum() {
		return (this.witnessQuorum != null) ? this.witnessQuorum : this.witnesses.size();
	}

}
