package fr.mandat.structure;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIRET check, fed any text: it never throws, and it accepts exactly the 14-digit
 * numbers whose Luhn key (or La Poste's own rule) an independent computation confirms.
 */
@Tag("fuzz")
class SiretFuzzTests {

	@FuzzTest(maxDuration = "20s")
	void checksAnyTextSafely(@Nullable String input) {
		String normalized = Siret.normalize(input);
		if (input == null) {
			assertThat(normalized).isNull();
			return;
		}
		String digits = input.replace(" ", "").replace("\u00a0", "");
		boolean valid = digits.matches("[0-9]{14}") && reference(digits);
		assertThat(normalized != null).as("accepted").isEqualTo(valid);
		if (normalized != null) {
			assertThat(normalized).isEqualTo(digits).matches("[0-9]{14}");
		}
	}

	/** Luhn computed again, independently of the code under test. */
	private static boolean reference(String digits) {
		if (digits.startsWith("356000000") && !digits.equals("35600000000048")) {
			return digitSum(digits) % 5 == 0;
		}
		int sum = 0;
		for (int i = 0; i < digits.length(); i++) {
			int d = digits.charAt(digits.length() - 1 - i) - '0';
			if (i % 2 == 1) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
		}
		return sum % 10 == 0;
	}

	private static int digitSum(String digits) {
		return digits.chars().map(c -> c - '0').sum();
	}

}
