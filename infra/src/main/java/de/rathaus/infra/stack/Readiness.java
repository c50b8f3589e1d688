package de.rathaus.infra.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls until a component is ready, failing fast when its process dies or the stack start is aborted. */
final class Readiness {

    /** A readiness probe; exceptions count as "not ready yet". */
    @FunctionalInterface
    interface Probe {
        boolean ready() throws Exception;
    }

    /** Thrown into components still starting when another component failed. */
    static final class Aborted extends StackException {
        Aborted(String component) {
            super(component, "start aborted because another component failed");
        }
    }

    static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Readiness() {
    }

    /**
     * Waits until {@code probe} reports ready. Fails with the tail of the process log if the process exits or
     * {@code timeout} passes, and with {@link Aborted} once {@code aborted} turns true.
     */
    static void await(ManagedProcess process, Duration timeout, BooleanSupplier aborted, String what, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (aborted.getAsBoolean()) {
                throw new Aborted(process.name());
            }
            if (!process.isAlive()) {
                throw new StackException(process.name(), "process exited with code "
                        + process.exitCode().orElse(-1) + " before it was ready. Last lines of "
                        + process.logFile() + ":" + System.lineSeparator() + process.tail(LOG_TAIL_LINES));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted(process.name());
            } catch (Exception e) {
                // not ready yet
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(process.name(), "not ready within " + timeout.toSeconds() + " s (" + what
                        + "). Last lines of " + process.logFile() + ":" + System.lineSeparator()
                        + process.tail(LOG_TAIL_LINES));
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Whether a GET of {@code url} answers 200. */
    static boolean httpOk(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Whether something accepts TCP connections on {@code host:port}. */
    static boolean acceptsTcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
