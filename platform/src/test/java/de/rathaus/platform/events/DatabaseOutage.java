package de.rathaus.platform.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between a service and PostgreSQL that a test can cut, for a real database outage: while it lasts,
 * new connections are refused and the open ones are broken, so the JDBC driver and the pool fail exactly as they do
 * when the database host goes away.
 */
final class DatabaseOutage implements AutoCloseable {

    private final String host;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    /** Proxies the database of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/name}). */
    DatabaseOutage(String jdbcUrl) {
        URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = target.getHost();
        this.targetPort = target.getPort() < 0 ? 5432 : target.getPort();
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    /** The JDBC URL of the same database through the proxy. */
    String jdbcUrl(String jdbcUrl) {
        return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    /** The database becomes unreachable: connections are refused, open ones break. */
    synchronized void begin() {
        closeQuietly(listener);
        open.forEach(DatabaseOutage::closeQuietly);
        open.clear();
    }

    /** The database is reachable again. */
    synchronized void end() {
        if (listener.isClosed()) {
            listener = listen(port);
        }
    }

    private ServerSocket listen(int localPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
            daemon("database-proxy", () -> accept(server));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket database = new Socket(host, targetPort);
                open.add(client);
                open.add(database);
                pipe(client, database);
                pipe(database, client);
            } catch (IOException closed) {
                // the outage began, or the test ended
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        daemon("database-proxy-pipe", () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException broken) {
                // either side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    public void close() {
        begin();
    }
}
