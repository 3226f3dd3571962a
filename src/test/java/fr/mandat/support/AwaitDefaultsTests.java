package fr.mandat.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AwaitDefaultsTests {

	@Test
	void aWaitWhoseConditionAlreadyHoldsChecksItAtOnce() {
		// Awaitility refuses a deadline shorter than its delay before the first check
		// (100 ms unless the run's listener set none).
		AtomicInteger checks = new AtomicInteger();
		Awaitility.await("a condition that holds").atMost(Duration.ofMillis(40)).until(() -> {
			checks.incrementAndGet();
			return true;
		});
		assertThat(checks).hasValue(1);
	}

}
