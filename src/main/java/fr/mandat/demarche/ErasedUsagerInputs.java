package fr.mandat.demarche;

import fr.mandat.usager.UsagerDataErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Empties the stored inputs of the démarches done for a usager whose personal data is
 * erased (ADR 0106), in the erasing transaction. Outcomes, partner references and the
 * keyed digests of inputs stay: they name nobody.
 */
@Component
class ErasedUsagerInputs {

	private final JdbcClient jdbc;

	ErasedUsagerInputs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(UsagerDataErased erased) {
		this.jdbc.sql("UPDATE demarche_execution SET input = ''::bytea WHERE usager_id = ?")
			.param(erased.usagerId())
			.update();
	}

}
