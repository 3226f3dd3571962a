package fr.mandat.demarche;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PartnerHttpThreadsTests {

	@Test
	void closingLetsTheExchangeInFlightEndAndStartsNoNewOne() throws Exception {
		PartnerHttpThreads threads = new PartnerHttpThreads();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
			return Thread.currentThread().getName();
		}, threads.executor());
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

		threads.close();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> threads.executor().execute(() -> {
		}));
		release.countDown();
		assertThat(inFlight.get(30, TimeUnit.SECONDS)).startsWith("partner-http-");
	}

}
