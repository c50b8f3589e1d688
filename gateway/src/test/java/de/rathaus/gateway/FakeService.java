package de.rathaus.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * A downstream service on a free loopback port that answers every request with what it received as JSON: method,
 * path, query, headers (lower-case names) and body size. Paths ending in {@code /hang} never get an answer (until
 * {@link #close()}), to provoke the gateway's response timeout.
 */
final class FakeService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    FakeService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Headers (lower-case names, first value) of every request that reached this service. */
    List<Map<String, String>> received() {
        return received;
    }

    boolean receivedCorrelationId(String correlationId) {
        return received.stream().anyMatch(headers -> correlationId.equals(headers.get("x-correlation-id")));
    }

    /** A loopback address where nothing listens: connections are refused. */
    static String unreachableUri() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long bodySize;
        try (InputStream body = exchange.getRequestBody()) {
            bodySize = body.transferTo(OutputStream.nullOutputStream());
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        received.add(headers);
        String path = exchange.getRequestURI().getRawPath();
        if (path.endsWith("/hang")) {
            awaitRelease();
            exchange.close();
            return;
        }
        Map<String, Object> echo = new TreeMap<>();
        echo.put("method", exchange.getRequestMethod());
        echo.put("path", path);
        echo.put("query", exchange.getRequestURI().getRawQuery());
        echo.put("headers", headers);
        echo.put("bodySize", bodySize);
        byte[] json = JSON.writeValueAsBytes(echo);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        // like the services, which echo the correlation id themselves
        if (headers.containsKey("x-correlation-id")) {
            exchange.getResponseHeaders().add("X-Correlation-Id", headers.get("x-correlation-id"));
        }
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private void awaitRelease() {
        try {
            release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
