package fr.mandat.structure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the steps at the identity provider that follow a decision about a person are
 * retried.
 *
 * @param retryInterval how often a failed step (account creation, account disabling) is
 * submitted again
 * @param settleWithin how long the page that follows a decision waits for its step to be
 * done before saying it is still under way
 */
@ConfigurationProperties("mandat.accounts")
record AccountsProperties(@DefaultValue("PT1M") Duration retryInterval, @DefaultValue("PT10S") Duration settleWithin) {
}
