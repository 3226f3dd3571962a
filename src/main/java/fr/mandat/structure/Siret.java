package fr.mandat.structure;

import org.jspecify.annotations.Nullable;

/**
 * A SIRET number: 14 digits whose Luhn checksum is valid, except for La Poste's
 * establishments (SIREN 356 000 000), whose digits must add up to a multiple of 5.
 */
final class Siret {

	private static final String LA_POSTE = "356000000";

	private Siret() {
	}

	/** The SIRET without spaces, or {@code null} if it is not a valid one. */
	static @Nullable String normalize(@Nullable String input) {
		if (input == null) {
			return null;
		}
		String digits = input.replace(" ", "").replace("\u00a0", "");
		if (!digits.matches("[0-9]{14}")) {
			return null;
		}
		if (digits.startsWith(LA_POSTE) && !digits.equals("35600000000048")) {
			return (digitSum(digits) % 5 == 0) ? digits : null;
		}
		return luhn(digits) ? digits : null;
	}

	static boolean luhn(String digits) {
		int sum = 0;
		for (int i = 0; i < digits.length(); i++) {
			int digit = digits.charAt(digits.length() - 1 - i) - '0';
			if (i % 2 == 1) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
		}
		return sum % 10 == 0;
	}

	private static int digitSum(String digits) {
		return digits.chars().map(c -> c - '0').sum();
	}

}
