package fr.mandat.structure;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param warnAfter without a sign-in for this long, an aidant is shown as about to be
 * deactivated, and told by e-mail once (ADR 0107)
 * @param deactivateAfter without a sign-in for this long, an aidant is deactivated
 * @param cron when the deactivation job runs (every instance schedules it; one runs it)
 * @param warningCron when the warning job runs (every instance schedules it; rows are
 * shared out with {@code SKIP LOCKED})
 * @param mailFrom the sender of the warning e-mail
 * @param signInUrl where the e-mail invites the aidant to sign in
 */
@Validated
@ConfigurationProperties("mandat.inactivity")
record InactivityProperties(@DefaultValue("150d") @NotNull Duration warnAfter,
		@DefaultValue("183d") @NotNull Duration deactivateAfter, @DefaultValue("0 15 3 * * *") String cron,
		@DefaultValue("0 0 9 * * *") String warningCron,
		@DefaultValue("Mandat <ne-pas-repondre@mandat.example.fr>") @NotBlank String mailFrom,
		@DefaultValue("http://localhost:8080/") @NotBlank String signInUrl) {

}
