package dev.mosaic.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reflective signal hook really hears a signal sent to this process. */
class SignalTest {

  @Test
  void aSignalSentToTheProcessRunsItsAction() throws Exception {
    CountDownLatch heard = new CountDownLatch(1);
    // USR2: the JVM leaves it free, and no other test listens for it
    CliRuntime.onSignal("USR2", heard::countDown);
    Process kill =
        new ProcessBuilder("kill", "-USR2", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -USR2 failed");
    assertTrue(heard.await(10, TimeUnit.SECONDS), "the handler did not run");
  }
}
