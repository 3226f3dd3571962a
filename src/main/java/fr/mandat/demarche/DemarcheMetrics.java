package fr.mandat.demarche;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators watch of the démarches (infra/observability): each partner's circuit
 * breaker, and the executions whose outcome is not settled yet (the reconciliation
 * backlog), read from the database so that every instance reports the same.
 */
@Component
class DemarcheMetrics {

	private final JdbcClient jdbc;

	private final Clock clock;

	DemarcheMetrics(JdbcClient jdbc, Clock clock, DemarcheCatalogue catalogue, PartnerClient partners,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		for (Partner partner : catalogue.partners()) {
			Gauge.builder("mandat.demarche.partner.circuit", partners, client -> circuit(client, partner.id()))
				.description("The partner's circuit breaker on this instance: 0 closed, 1 half open, 2 open")
				.tag("partner", partner.id())
				.register(meters);
		}
		Gauge.builder("mandat.demarche.unsettled", this, DemarcheMetrics::unsettled)
			.description("Executions whose outcome is not known yet (REQUESTED or UNKNOWN): reconciliation's backlog")
			.register(meters);
		Gauge.builder("mandat.demarche.unsettled.oldest.age", this, DemarcheMetrics::oldestUnsettledAge)
			.description("How long the oldest unsettled execution has waited (0 when none)")
			.baseUnit("seconds")
			.register(meters);
	}

	static double circuit(PartnerClient client, String partnerId) {
		CircuitBreaker.State state = client.circuitState(partnerId);
		return switch (state) {
			case CLOSED, DISABLED, METRICS_ONLY -> 0;
			case HALF_OPEN -> 1;
			case OPEN, FORCED_OPEN -> 2;
		};
	}

	double unsettled() {
		return this.jdbc.sql("SELECT count(*) FROM demarche_execution WHERE status IN ('REQUESTED', 'UNKNOWN')")
			.query(Long.class)
			.single();
	}

	double oldestUnsettledAge() {
		Timestamp oldest = this.jdbc
			.sql("SELECT min(requested_at) FROM demarche_execution WHERE status IN ('REQUESTED', 'UNKNOWN')")
			.query(Timestamp.class)
			.optional()
			.orElse(null);
		return (oldest != null)
				? Math.max(0, Duration.between(oldest.toInstant(), this.clock.instant()).toMillis() / 1000.0) : 0;
	}

}
