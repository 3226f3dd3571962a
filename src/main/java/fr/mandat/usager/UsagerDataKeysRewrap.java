package fr.mandat.usager;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a rotation of the personal-data key (ADR 0109, docs/operations.md), wraps every
 * usager's data key again with the current service key: at start, in batches, each in its
 * own transaction, rows taken {@code FOR UPDATE SKIP LOCKED} so that instances starting
 * together share the work. Until it is done, the retired key in the keystore still
 * unwraps the others. Keys wrapped before key names were stored are named on the way.
 */
@Component
class UsagerDataKeysRewrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(UsagerDataKeysRewrap.class);

	static final int BATCH = 500;

	private final JdbcClient jdbc;

	private final JdbcUsagerDataKeys keys;

	private final TransactionTemplate transactions;

	UsagerDataKeysRewrap(JdbcClient jdbc, JdbcUsagerDataKeys keys, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		Result result = run();
		if (result.rewrapped() > 0 || result.failed() > 0) {
			log.info("Usagers' data keys wrapped again with the current personal-data key: {} ({} could not be)",
					result.rewrapped(), result.failed());
		}
	}

	/** Wraps again every key not known to be under the current service key. */
	Result run() {
		int rewrapped = 0;
		int failed = 0;
		UUID after = new UUID(0, 0);
		while (true) {
			UUID from = after;
			Batch batch = this.transactions.execute(status -> batch(from));
			if (batch == null || batch.last() == null) {
				return new Result(rewrapped, failed);
			}
			rewrapped += batch.rewrapped();
			failed += batch.failed();
			after = batch.last();
		}
	}

	private Batch batch(UUID after) {
		String current = this.keys.currentKeyId();
		List<Row> rows = this.jdbc.sql("""
				SELECT usager_id, wrapped_key FROM usager_key
				WHERE usager_id > ? AND key_id IS DISTINCT FROM ?
				ORDER BY usager_id LIMIT ? FOR UPDATE SKIP LOCKED
				""")
			.params(after, current, BATCH)
			.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getBytes(2)))
			.list();
		int rewrapped = 0;
		int failed = 0;
		for (Row row : rows) {
			byte[] again;
			try {
				again = this.keys.rewrap(row.usagerId(), row.wrapped());
			}
			catch (IllegalArgumentException ex) {
				// No key of the keystore unwraps it (a retired key removed too early):
				// left as it is, for someone to look at; the others go on.
				log.warn("The data key of usager {} is wrapped by no key of the keystore; not wrapped again",
						row.usagerId());
				failed++;
				continue;
			}
			this.jdbc.sql("UPDATE usager_key SET wrapped_key = ?, key_id = ? WHERE usager_id = ?")
				.params(again, current, row.usagerId())
				.update();
			rewrapped++;
		}
		return new Batch(rows.isEmpty() ? null : rows.get(rows.size() - 1).usagerId(), rewrapped, failed);
	}

	record Result(int rewrapped, int failed) {
	}

	private record Row(UUID usagerId, byte[] wrapped) {
	}

	private record Batch(@Nullable UUID last, int rewrapped, int failed) {
	}

}
