package fr.mandat.journal.proof;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint: the origin (which log), the tree size and the root hash, one
 * per line, optionally followed by extension lines.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

	private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

	public Checkpoint {
		if (origin.isBlank() || origin.contains("\n")) {
			throw new IllegalArgumentException("A checkpoint's origin is one non-empty line");
		}
		if (size < 0) {
			throw new IllegalArgumentException("A tree size cannot be negative");
		}
		if (rootHash.length != Hashes.SIZE) {
			throw new IllegalArgumentException("A root hash has 32 bytes");
		}
		rootHash = rootHash.clone();
		extensions = List.copyOf(extensions);
		for (String extension : extensions) {
			if (extension.isEmpty() || extension.contains("\n")) {
				throw new IllegalArgumentException("An extension is one non-empty line");
			}
		}
	}

	public Checkpoint(String origin, long size, byte[] rootHash) {
		this(origin, size, rootHash, List.of());
	}

	/** The note body: every line, the last one included, ends with a newline. */
	public String body() {
		StringBuilder body = new StringBuilder().append(this.origin)
			.append('\n')
			.append(this.size)
			.append('\n')
			.append(Base64.getEncoder().encodeToString(this.rootHash))
			.append('\n');
		this.extensions.forEach(extension -> body.append(extension).append('\n'));
		return body.toString();
	}

	public static Checkpoint parse(String body) throws ProofException {
		if (!body.endsWith("\n")) {
			throw new ProofException("A checkpoint ends with a newline");
		}
		String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
		if (lines.length < 3) {
			throw new ProofException("A checkpoint has at least three lines: origin, size and root hash");
		}
		if (!SIZE.matcher(lines[1]).matches()) {
			throw new ProofException("A checkpoint's size is a decimal number without leading zeros");
		}
		byte[] root;
		try {
			root = Base64.getDecoder().decode(lines[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("A checkpoint's root hash is not valid base64");
		}
		try {
			return new Checkpoint(lines[0], Long.parseLong(lines[1]), root,
					Arrays.asList(lines).subList(3, lines.length));
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("Malformed checkpoint: " + ex.getMessage());
		}
	}

	@Override
	public byte[] rootHash() {
		return this.rootHash.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Checkpoint that && this.origin.equals(that.origin) && this.size == that.size
				&& Arrays.equals(this.rootHash, that.rootHash) && this.extensions.equals(that.extensions);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.origin.hashCode() + Long.hashCode(this.size)) + Arrays.hashCode(this.rootHash);
	}

	@Override
	public String toString() {
		return body().replace('\n', ' ').trim();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
