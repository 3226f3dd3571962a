package fr.mandat.journal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param origin the first line of every checkpoint: names this journal (e.g.
 * {@code mandat.example.fr/journal}) and the key that signs it
 * @param sequencerInterval how often the sequencer looks for new entries
 * @param batchSize the most entries sequenced in one transaction
 */
@Validated
@ConfigurationProperties("mandat.journal")
record JournalProperties(@NotBlank String origin, @NotNull Duration sequencerInterval,
		@Min(1) @Max(10_000) int batchSize) {

}
