package fr.mandat.journal.proof;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A C2SP tlog-proof ({@code c2sp.org/tlog-proof@v1}): an entry's index, its inclusion
 * proof and the (cosigned) checkpoint, with optional extra data. Mandat puts the entry's
 * canonical JSON in the extra data, so one file is a receipt anyone can check offline:
 * the extra data is not trusted, it is hashed and must lead to the signed root.
 *
 * @param extra opaque extra data, or null
 * @param checkpoint the signed note, verbatim
 */
public record TlogProof(byte @Nullable [] extra, long index, List<byte[]> inclusionProof, String checkpoint) {

	public static final String HEADER = "c2sp.org/tlog-proof@v1";

	private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,18}");

	public TlogProof {
		if (index < 0) {
			throw new IllegalArgumentException("An index cannot be negative");
		}
		inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
		extra = (extra != null) ? extra.clone() : null;
	}

	public String format() {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		if (this.extra != null) {
			text.append("extra ").append(Base64.getEncoder().encodeToString(this.extra)).append('\n');
		}
		text.append("index ").append(this.index).append('\n');
		for (byte[] hash : this.inclusionProof) {
			text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
		}
		return text.append('\n').append(this.checkpoint).toString();
	}

	public static TlogProof parse(String text) throws ProofException {
		int blank = text.indexOf("\n\n");
		if (!text.startsWith(HEADER + "\n") || blank < 0) {
			throw new ProofException("Not a " + HEADER + " proof");
		}
		String[] lines = text.substring(0, blank).split("\n", -1);
		int next = 1;
		byte[] extra = null;
		if (next < lines.length && lines[next].startsWith("extra ")) {
			extra = base64(lines[next].substring("extra ".length()), "extra data");
			next++;
		}
		if (next >= lines.length || !lines[next].startsWith("index ")
				|| !NUMBER.matcher(lines[next].substring("index ".length())).matches()) {
			throw new ProofException("A proof names its entry's index, in decimal without leading zeros");
		}
		long index = Long.parseLong(lines[next].substring("index ".length()));
		List<byte[]> proof = new ArrayList<>();
		for (int i = next + 1; i < lines.length; i++) {
			byte[] hash = base64(lines[i], "inclusion proof hash");
			if (hash.length != Hashes.SIZE) {
				throw new ProofException("An inclusion proof hash has 32 bytes");
			}
			proof.add(hash);
		}
		if (proof.size() > 63) {
			throw new ProofException("An inclusion proof has at most 63 hashes");
		}
		return new TlogProof(extra, index, proof, text.substring(blank + 2));
	}

	private static byte[] base64(String text, String what) throws ProofException {
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ProofException("The " + what + " is not valid base64");
		}
	}

	@Override
	public byte @Nullable [] extra() {
		return (this.extra != null) ? this.extra.clone() : null;
	}

	@Override
	public List<byte[]> inclusionProof() {
		return this.inclusionProof.stream().map(byte[]::clone).toList();
	}

}
