package fr.mandat.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import fr.mandat.journal.EntryCanonicalForm.StoredEntry;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads sequenced entries in index order with PostgreSQL's binary {@code COPY … TO
 * STDOUT}: one stream, no per-row protocol round trip, no text parsing. Each row carries
 * the stored leaf hash and level-0 node beside the entry's fields.
 */
final class EntryCopy implements AutoCloseable {

	static final String QUERY = """
			SELECT l.idx, l.leaf_hash, n.hash, e.id, e.recorded_at, e.action, e.actor_type, e.actor_id,
			       e.structure_id, e.mandate_id, e.usager_ref, e.demarche, e.payload
			FROM journal_leaf l
			JOIN journal_entry e ON e.id = l.entry_id
			LEFT JOIN journal_node n ON n.level = 0 AND n.idx = l.idx
			ORDER BY l.idx""";

	private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	/** Microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
	private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

	private final InputStream copy;

	private final DataInputStream in;

	private EntryCopy(InputStream copy) {
		this.copy = copy;
		this.in = new DataInputStream(new BufferedInputStream(copy, 1 << 16));
	}

	/** Starts the copy on the connection (inside the caller's transaction). */
	static EntryCopy open(Connection connection, String query) throws SQLException, IOException {
		PGConnection postgres = connection.unwrap(PGConnection.class);
		EntryCopy copy = new EntryCopy(
				new PGCopyInputStream(postgres, "COPY (" + query + ") TO STDOUT (FORMAT binary)"));
		copy.header();
		return copy;
	}

	private void header() throws IOException {
		byte[] signature = new byte[SIGNATURE.length];
		this.in.readFully(signature);
		if (!Arrays.equals(signature, SIGNATURE)) {
			throw new IOException("Not a binary COPY stream");
		}
		this.in.readInt();
		this.in.skipNBytes(this.in.readInt());
	}

	/** The next row, or null at the end. */
	@Nullable Row next() throws IOException {
		short fields;
		try {
			fields = this.in.readShort();
		}
		catch (EOFException ex) {
			return null;
		}
		if (fields == -1) {
			return null;
		}
		if (fields != 13) {
			throw new IOException("Unexpected row of " + fields + " fields");
		}
		long index = longField();
		byte[] leafHash = required("leaf_hash");
		byte[] levelZero = field();
		byte[] id = required("id");
		long micros = longField() + POSTGRES_EPOCH_MICROS;
		byte[] action = required("action");
		byte[] actorType = required("actor_type");
		byte[] actorId = field();
		byte[] structureId = field();
		byte[] mandateId = field();
		byte[] usagerRef = field();
		byte[] demarche = field();
		return new Row(index, leafHash, levelZero, id, micros, action, actorType, actorId, structureId, mandateId,
				usagerRef, demarche, required("payload"));
	}

	/** Only the raw bytes of the next row's fields, for the bound: null at the end. */
	byte @Nullable [] nextRaw() throws IOException {
		short fields;
		try {
			fields = this.in.readShort();
		}
		catch (EOFException ex) {
			return null;
		}
		if (fields == -1) {
			return null;
		}
		java.io.ByteArrayOutputStream row = new java.io.ByteArrayOutputStream(320);
		for (int i = 0; i < fields; i++) {
			byte[] field = field();
			if (field != null) {
				row.write(field, 0, field.length);
			}
		}
		return row.toByteArray();
	}

	private long longField() throws IOException {
		int length = this.in.readInt();
		if (length != 8) {
			throw new IOException("Expected an 8-byte field, got " + length);
		}
		return this.in.readLong();
	}

	/**
	 * A field of a NOT NULL column: a NULL there means the stream is not what we asked
	 * for.
	 */
	private byte[] required(String column) throws IOException {
		byte[] field = field();
		if (field == null) {
			throw new IOException("Unexpected NULL in column " + column);
		}
		return field;
	}

	private byte @Nullable [] field() throws IOException {
		int length = this.in.readInt();
		if (length < 0) {
			return null;
		}
		byte[] bytes = new byte[length];
		this.in.readFully(bytes);
		return bytes;
	}

	@Override
	public void close() throws IOException {
		this.copy.close();
	}

	/** One sequenced entry, as stored. */
	record Row(long index, byte[] leafHash, byte @Nullable [] levelZero, byte[] id, long recordedAtMicros,
			byte[] action, byte[] actorType, byte @Nullable [] actorId, byte @Nullable [] structureId,
			byte @Nullable [] mandateId, byte @Nullable [] usagerRef, byte @Nullable [] demarche, byte[] payload) {

		byte[] canonical(CanonicalEncoder encoder) {
			return encoder.encode(CanonicalEncoder.uuid(this.id, 0), this.recordedAtMicros, this.action, this.actorType,
					this.actorId, uuidText(this.structureId), uuidText(this.mandateId), this.usagerRef, this.demarche,
					this.payload);
		}

		/** The entry as {@link EntryCanonicalForm} reads it, for the slow path. */
		StoredEntry entry() {
			return new StoredEntry(uuid(this.id),
					Instant.ofEpochSecond(Math.floorDiv(this.recordedAtMicros, 1_000_000L),
							Math.floorMod(this.recordedAtMicros, 1_000_000L) * 1_000L),
					text(this.action), text(this.actorType), optionalText(this.actorId),
					(this.structureId != null) ? uuid(this.structureId) : null,
					(this.mandateId != null) ? uuid(this.mandateId) : null, optionalText(this.usagerRef),
					optionalText(this.demarche), text(this.payload));
		}

		private static byte @Nullable [] uuidText(byte @Nullable [] bytes) {
			return (bytes != null) ? CanonicalEncoder.uuid(bytes, 0) : null;
		}

		private static UUID uuid(byte[] bytes) {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
			return new UUID(buffer.getLong(), buffer.getLong());
		}

		private static String text(byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}

		private static @Nullable String optionalText(byte @Nullable [] bytes) {
			return (bytes != null) ? text(bytes) : null;
		}

	}

}
