package fr.mandat.usager;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every usager identified before per-usager keys existed a data key of their own
 * and re-encrypts their personal data with it (format 1 to format 2, ADR 0105): at start,
 * in batches, each in its own transaction. A migration cannot do it, having no key. Safe
 * with several instances starting at once: rows are taken {@code FOR UPDATE SKIP LOCKED},
 * so each instance re-encrypts other usagers, and a row is rewritten only while it is
 * still in format 1.
 */
@Component
class UsagerDataKeysBackfill implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(UsagerDataKeysBackfill.class);

	static final int BATCH = 200;

	private final JdbcClient jdbc;

	private final JdbcUsagerDataKeys keys;

	private final TransactionTemplate transactions;

	UsagerDataKeysBackfill(JdbcClient jdbc, JdbcUsagerDataKeys keys, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		int done = run();
		if (done > 0) {
			log.info("Personal data of {} usagers re-encrypted with their own data key", done);
		}
	}

	/** Re-encrypts every usager still in format 1; how many this instance did. */
	int run() {
		int done = 0;
		UUID after = new UUID(0, 0);
		while (true) {
			UUID from = after;
			Batch batch = this.transactions.execute(status -> batch(from));
			if (batch == null || batch.last() == null) {
				return done;
			}
			done += batch.done();
			after = batch.last();
		}
	}

	private Batch batch(UUID after) {
		List<Row> rows = this.jdbc.sql("""
				SELECT id, personal_data FROM usager
				WHERE id > ? AND erased_at IS NULL AND substring(personal_data FROM 1 FOR 1) = '\\x01'::bytea
				ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
				""").params(after, BATCH).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2))).list();
		int done = 0;
		for (Row row : rows) {
			byte[] aad = JdbcUsagers.associatedData(row.id());
			byte[] plaintext;
			try {
				plaintext = this.keys.decrypt(row.data(), aad, row.id(), null);
			}
			catch (IllegalArgumentException ex) {
				// Left as it is, for someone to look at; the others go on.
				log.warn("The personal data of usager {} does not decrypt; not re-encrypted", row.id());
				continue;
			}
			byte[] wrapped = this.keys.wrapped(row.id()).orElse(null);
			if (wrapped == null) {
				this.keys.store(row.id(), this.keys.newWrappedKey(row.id()));
				wrapped = this.keys.wrapped(row.id()).orElseThrow();
			}
			this.jdbc.sql("UPDATE usager SET personal_data = ? WHERE id = ?")
				.params(this.keys.encrypt(plaintext, aad, row.id(), wrapped), row.id())
				.update();
			done++;
		}
		return new Batch(rows.isEmpty() ? null : rows.get(rows.size() - 1).id(), done);
	}

	private record Row(UUID id, byte[] data) {
	}

	private record Batch(@Nullable UUID last, int done) {
	}

}
