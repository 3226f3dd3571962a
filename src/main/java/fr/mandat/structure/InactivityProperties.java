package fr.mandat.structure;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param warnAfter without a sign-in for this long, an aidant is shown as about to be
 * deactivated
 * @param deactivateAfter without a sign-in for this long, an aidant is deactivated
 * @param cron when the deactivation job runs (every instance schedules it; one runs it)
 */
@Validated
@ConfigurationProperties("mandat.inactivity")
record InactivityProperties(@DefaultValue("150d") @NotNull Duration warnAfter,
		@DefaultValue("183d") @NotNull Duration deactivateAfter, @DefaultValue("0 15 3 * * *") String cron) {

}
