package fr.mandat.usager;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a usager's personal data is kept (ADR 0106).
 *
 * @param afterLastMandate kept this long after the last of their mandates ended (or after
 * their last identification, for a usager without a mandate)
 * @param cron when the erasure job runs (every instance schedules it; rows are shared out
 * with {@code SKIP LOCKED})
 * @param batchSize usagers erased per transaction
 */
@Validated
@ConfigurationProperties("mandat.retention")
record RetentionProperties(@DefaultValue("P365D") @NotNull Duration afterLastMandate,
		@DefaultValue("0 45 3 * * *") String cron, @DefaultValue("200") @Min(1) @Max(10000) int batchSize) {

}
