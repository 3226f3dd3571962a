package fr.mandat.espaceusager;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notices e-mailed to the usagers who asked for them (ADR 0104); when they are sent is
 * {@code mandat.espace-usager.notices.cron}.
 *
 * @param mailFrom the sender
 * @param spaceUrl the usager's space, linked from every e-mail
 * @param batchSize subscriptions handled per transaction
 */
@Validated
@ConfigurationProperties("mandat.espace-usager.notices")
record NoticeMailProperties(@DefaultValue("Mandat <ne-pas-repondre@mandat.example.fr>") @NotBlank String mailFrom,
		@DefaultValue("http://localhost:8080/mon-espace/avis") @NotBlank String spaceUrl,
		@DefaultValue("100") @Min(1) @Max(1000) int batchSize) {

}
