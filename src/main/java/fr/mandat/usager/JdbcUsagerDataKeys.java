package fr.mandat.usager;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import fr.mandat.signing.DataKeys;
import fr.mandat.signing.DataKeys.DataKey;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The usagers' wrapped data keys in {@code usager_key}. */
@Service
class JdbcUsagerDataKeys implements UsagerDataKeys {

	private final JdbcClient jdbc;

	private final DataKeys keys;

	private final Clock clock;

	JdbcUsagerDataKeys(JdbcClient jdbc, DataKeys keys, Clock clock) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	@Transactional
	public byte[] encrypt(UUID usagerId, byte[] plaintext, byte[] associatedData) {
		// Share-locked so that an erasure (which locks the row for update) waits or is
		// waited for: a key is never made again for a usager being erased.
		Boolean erased = this.jdbc.sql("SELECT erased_at IS NOT NULL FROM usager WHERE id = ? FOR SHARE")
			.param(usagerId)
			.query(Boolean.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No usager " + usagerId));
		if (erased) {
			throw new IllegalStateException("The personal data of usager " + usagerId + " was erased");
		}
		byte[] wrapped = wrapped(usagerId).orElse(null);
		if (wrapped == null) {
			store(usagerId, newWrappedKey(usagerId));
			wrapped = wrapped(usagerId).orElseThrow();
		}
		return this.keys.encrypt(plaintext, associatedData, unwrap(usagerId, wrapped));
	}

	@Override
	public Optional<byte[]> decrypt(UUID usagerId, byte[] ciphertext, byte[] associatedData) {
		if (DataKeys.formatOf(ciphertext) != DataKeys.DATA_KEY_FORMAT) {
			return (ciphertext.length == 0 || erased(usagerId)) ? Optional.empty()
					: Optional.of(this.keys.decrypt(ciphertext, associatedData, null));
		}
		return wrapped(usagerId).map(w -> this.keys.decrypt(ciphertext, associatedData, unwrap(usagerId, w)));
	}

	@Override
	public boolean erased(UUID usagerId) {
		return this.jdbc.sql("SELECT erased_at IS NOT NULL FROM usager WHERE id = ?")
			.param(usagerId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** The usager's wrapped key, if they have one. */
	Optional<byte[]> wrapped(UUID usagerId) {
		return this.jdbc.sql("SELECT wrapped_key FROM usager_key WHERE usager_id = ?")
			.param(usagerId)
			.query((rs, n) -> rs.getBytes(1))
			.optional();
	}

	/** A new wrapped key for the usager, not stored yet. */
	byte[] newWrappedKey(UUID usagerId) {
		return this.keys.newWrappedKey(owner(usagerId));
	}

	/** Stores the usager's wrapped key unless they already have one. */
	void store(UUID usagerId, byte[] wrapped) {
		this.jdbc.sql("""
				INSERT INTO usager_key (usager_id, wrapped_key, created_at, key_id) VALUES (?, ?, ?, ?)
				ON CONFLICT (usager_id) DO NOTHING
				""").params(usagerId, wrapped, Timestamp.from(this.clock.instant()), this.keys.currentKeyId()).update();
	}

	DataKey unwrap(UUID usagerId, byte[] wrapped) {
		return this.keys.unwrap(wrapped, owner(usagerId));
	}

	/** Decrypts either format with the usager's wrapped key (null if they have none). */
	byte[] decrypt(byte[] ciphertext, byte[] associatedData, UUID usagerId, byte @Nullable [] wrapped) {
		return this.keys.decrypt(ciphertext, associatedData, (wrapped != null) ? unwrap(usagerId, wrapped) : null);
	}

	byte[] encrypt(byte[] plaintext, byte[] associatedData, UUID usagerId, byte[] wrapped) {
		return this.keys.encrypt(plaintext, associatedData, unwrap(usagerId, wrapped));
	}

	/** The usager's data key wrapped by the current service key (ADR 0109). */
	byte[] rewrap(UUID usagerId, byte[] wrapped) {
		return this.keys.rewrap(wrapped, owner(usagerId));
	}

	String currentKeyId() {
		return this.keys.currentKeyId();
	}

	private static byte[] owner(UUID usagerId) {
		return ("usager-key:" + usagerId).getBytes(StandardCharsets.UTF_8);
	}

}
