package fr.mandat.mandate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicIntegerArray;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Limits public verifications per client and per minute (fixed windows), on each
 * instance, in constant memory whatever the number of clients.
 *
 * <p>
 * A client is its address as the server sees it (see {@code MANDAT_FORWARD_HEADERS}); an
 * IPv6 client is its /64 network, since one subscriber holds a whole /64. Counts are kept
 * in a count-min sketch: two rows of {@value #WIDTH} counters, each client counted in one
 * counter per row chosen by a keyed hash (HMAC with a random key drawn at start, so
 * nobody can aim at another client's counters), and limited by the smaller of its two
 * counts. A flood of new addresses therefore never starves a newcomer the way a shared
 * overflow bucket would: a newcomer is refused only if both its counters are full, which
 * takes about {@value #WIDTH} × the limit requests in one minute on one instance, or a
 * one in {@value #WIDTH}² chance of sharing both counters with an abusive client.
 */
@Component
class VerificationRateLimiter {

	static final int WIDTH = 8192;

	private static final int MAX_KEY_LENGTH = 64;

	private final Clock clock;

	private final int perMinute;

	private final byte[] hashKey = new byte[32];

	private final ThreadLocal<Mac> macs;

	private volatile Window window = new Window(-1);

	VerificationRateLimiter(Clock clock, MandateProperties properties) {
		this.clock = clock;
		this.perMinute = properties.verificationsPerMinute();
		new SecureRandom().nextBytes(this.hashKey);
		this.macs = ThreadLocal.withInitial(this::mac);
	}

	/** Whether this client may verify now; counts the attempt. */
	boolean tryAcquire(String clientAddress) {
		long minute = this.clock.millis() / 60_000;
		Window current = this.window;
		if (current.minute != minute) {
			synchronized (this) {
				current = this.window;
				if (current.minute != minute) {
					current = new Window(minute);
					this.window = current;
				}
			}
		}
		byte[] hash = this.macs.get().doFinal(client(clientAddress).getBytes(StandardCharsets.UTF_8));
		ByteBuffer bits = ByteBuffer.wrap(hash);
		int first = Math.floorMod(bits.getInt(0), WIDTH);
		int second = Math.floorMod(bits.getInt(4), WIDTH);
		int counted = Math.min(current.first.incrementAndGet(first), current.second.incrementAndGet(second));
		return counted <= this.perMinute;
	}

	/** The client a request is counted for: its address, or its /64 network for IPv6. */
	static String client(String address) {
		String trimmed = address.strip().toLowerCase(Locale.ROOT);
		if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
			trimmed = trimmed.substring(1, trimmed.length() - 1);
		}
		int zone = trimmed.indexOf('%');
		if (zone >= 0) {
			trimmed = trimmed.substring(0, zone);
		}
		if (trimmed.indexOf(':') >= 0 && trimmed.indexOf('.') < 0) {
			int[] groups = ipv6Groups(trimmed);
			if (groups != null) {
				return String.format("%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]);
			}
		}
		return (trimmed.length() > MAX_KEY_LENGTH) ? trimmed.substring(0, MAX_KEY_LENGTH) : trimmed;
	}

	/** The eight groups of an IPv6 address in text form, or null if it is not one. */
	private static int @Nullable [] ipv6Groups(String text) {
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			return null;
		}
		String[] head = (gap >= 0) ? split(text.substring(0, gap)) : split(text);
		String[] tail = (gap >= 0) ? split(text.substring(gap + 2)) : new String[0];
		if (head == null || tail == null || head.length + tail.length > 8 || (gap < 0 && head.length != 8)) {
			return null;
		}
		int[] groups = new int[8];
		for (int i = 0; i < head.length; i++) {
			groups[i] = Integer.parseInt(head[i], 16);
		}
		for (int i = 0; i < tail.length; i++) {
			groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
		}
		return groups;
	}

	private static String @Nullable [] split(String part) {
		if (part.isEmpty()) {
			return new String[0];
		}
		String[] groups = part.split(":", -1);
		for (String group : groups) {
			if (!group.matches("[0-9a-f]{1,4}")) {
				return null;
			}
		}
		return groups;
	}

	private Mac mac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.hashKey, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** One minute's counters. */
	private static final class Window {

		final long minute;

		final AtomicIntegerArray first = new AtomicIntegerArray(WIDTH);

		final AtomicIntegerArray second = new AtomicIntegerArray(WIDTH);

		Window(long minute) {
			this.minute = minute;
		}

	}

}
