package fr.mandat.journal.proof.cli;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The command line: a command, its files, and the options that bring trust from outside
 * ({@code --cle}, {@code --temoin}, {@code --quorum}, {@code --reference}).
 */
record Options(String command, List<String> files, @Nullable String key, List<String> witnesses,
		@Nullable Integer quorum, @Nullable String reference, @Nullable String consistency, @Nullable String output) {

	static Options parse(String[] args) {
		if (args.length == 0) {
			throw new BadUsage();
		}
		List<String> files = new ArrayList<>();
		List<String> witnesses = new ArrayList<>();
		String key = null;
		Integer quorum = null;
		String reference = null;
		String consistency = null;
		String output = null;
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) {
				files.add(arg);
				continue;
			}
			if (i + 1 >= args.length) {
				throw new BadUsage();
			}
			String value = args[++i];
			switch (arg) {
				case "--cle" -> key = value;
				case "--temoin" -> witnesses.add(value);
				case "--quorum" -> {
					try {
						quorum = Integer.valueOf(value);
					}
					catch (NumberFormatException ex) {
						throw new BadUsage();
					}
				}
				case "--reference" -> reference = value;
				case "--coherence" -> consistency = value;
				case "--sortie" -> output = value;
				default -> throw new BadUsage();
			}
		}
		return new Options(args[0], files, key, witnesses, quorum, reference, consistency, output);
	}

	/** The command line does not follow the usage. */
	static final class BadUsage extends RuntimeException {

		private static final long serialVersionUID = 1L;

	}

}
