package fr.mandat.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Writes an entry's canonical JSON (RFC 8785, the form {@link EntryCanonicalForm} builds
 * with Jackson) straight from its stored fields: keys in their canonical order, strings
 * escaped as RFC 8785 says, the payload copied as stored (it is stored canonical). No
 * JSON tree, no intermediate string. The journal's verification checks its output against
 * the stored leaf hash and falls back to {@link EntryCanonicalForm} when they differ, so
 * this encoder can only make verification faster, never change its verdict.
 */
final class CanonicalEncoder {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private byte[] buffer = new byte[1024];

	private int length;

	/** Fields as UTF-8 bytes (null when absent), the time as micros since the epoch. */
	byte[] encode(byte[] id, long recordedAtMicros, byte[] action, byte[] actorType, byte @Nullable [] actorId,
			byte @Nullable [] structureId, byte @Nullable [] mandateId, byte @Nullable [] usagerRef,
			byte @Nullable [] demarche, byte[] payload) {
		this.length = 0;
		raw("{\"action\":");
		string(action);
		raw(",\"actor\":{");
		boolean first = true;
		if (actorId != null) {
			raw("\"id\":");
			string(actorId);
			first = false;
		}
		if (structureId != null) {
			raw(first ? "\"structure\":" : ",\"structure\":");
			string(structureId);
			first = false;
		}
		raw(first ? "\"type\":" : ",\"type\":");
		string(actorType);
		raw("}");
		if (demarche != null) {
			raw(",\"demarche\":");
			string(demarche);
		}
		raw(",\"id\":");
		string(id);
		if (mandateId != null) {
			raw(",\"mandate\":");
			string(mandateId);
		}
		raw(",\"payload\":");
		bytes(payload, 0, payload.length);
		raw(",\"time\":\"");
		time(recordedAtMicros);
		raw("\"");
		if (usagerRef != null) {
			raw(",\"usager\":");
			string(usagerRef);
		}
		raw(",\"v\":1}");
		return Arrays.copyOf(this.buffer, this.length);
	}

	/** A UUID's canonical text from its 16 bytes. */
	static byte[] uuid(byte[] bytes, int offset) {
		byte[] text = new byte[36];
		int out = 0;
		for (int i = 0; i < 16; i++) {
			if (i == 4 || i == 6 || i == 8 || i == 10) {
				text[out++] = '-';
			}
			int b = bytes[offset + i] & 0xFF;
			text[out++] = HEX[b >> 4];
			text[out++] = HEX[b & 0x0F];
		}
		return text;
	}

	private void string(byte[] utf8) {
		ensure(utf8.length * 6 + 2);
		this.buffer[this.length++] = '"';
		for (byte b : utf8) {
			int c = b & 0xFF;
			if (c == '"' || c == '\\') {
				this.buffer[this.length++] = '\\';
				this.buffer[this.length++] = b;
			}
			else if (c < 0x20) {
				escapeControl(c);
			}
			else {
				this.buffer[this.length++] = b;
			}
		}
		this.buffer[this.length++] = '"';
	}

	private void escapeControl(int c) {
		this.buffer[this.length++] = '\\';
		switch (c) {
			case '\b' -> this.buffer[this.length++] = 'b';
			case '\t' -> this.buffer[this.length++] = 't';
			case '\n' -> this.buffer[this.length++] = 'n';
			case '\f' -> this.buffer[this.length++] = 'f';
			case '\r' -> this.buffer[this.length++] = 'r';
			default -> {
				this.buffer[this.length++] = 'u';
				this.buffer[this.length++] = '0';
				this.buffer[this.length++] = '0';
				this.buffer[this.length++] = HEX[c >> 4];
				this.buffer[this.length++] = HEX[c & 0x0F];
			}
		}
	}

	/** {@link Instant#toString()} of a microsecond instant. */
	private void time(long micros) {
		long seconds = Math.floorDiv(micros, 1_000_000L);
		int fraction = (int) Math.floorMod(micros, 1_000_000L);
		long days = Math.floorDiv(seconds, 86_400L);
		int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
		// Civil date from days since 1970-01-01 (proleptic Gregorian).
		long z = days + 719_468;
		long era = Math.floorDiv(z, 146_097);
		long dayOfEra = z - era * 146_097;
		long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		long mp = (5 * dayOfYear + 2) / 153;
		int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
		int month = (int) (mp < 10 ? mp + 3 : mp - 9);
		long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
		if (year < 1000 || year > 9999) {
			raw(Instant.ofEpochSecond(seconds, fraction * 1_000L).toString());
			return;
		}
		ensure(32);
		digits((int) year, 4);
		this.buffer[this.length++] = '-';
		digits(month, 2);
		this.buffer[this.length++] = '-';
		digits(day, 2);
		this.buffer[this.length++] = 'T';
		digits(secondOfDay / 3600, 2);
		this.buffer[this.length++] = ':';
		digits((secondOfDay / 60) % 60, 2);
		this.buffer[this.length++] = ':';
		digits(secondOfDay % 60, 2);
		if (fraction != 0) {
			this.buffer[this.length++] = '.';
			if (fraction % 1_000 == 0) {
				digits(fraction / 1_000, 3);
			}
			else {
				digits(fraction, 6);
			}
		}
		this.buffer[this.length++] = 'Z';
	}

	private void digits(int value, int width) {
		for (int i = width - 1; i >= 0; i--) {
			this.buffer[this.length + i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		this.length += width;
	}

	private void raw(String ascii) {
		ensure(ascii.length());
		for (int i = 0; i < ascii.length(); i++) {
			this.buffer[this.length++] = (byte) ascii.charAt(i);
		}
	}

	private void bytes(byte[] bytes, int offset, int count) {
		ensure(count);
		System.arraycopy(bytes, offset, this.buffer, this.length, count);
		this.length += count;
	}

	private void ensure(int more) {
		if (this.length + more > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
		}
	}

}
