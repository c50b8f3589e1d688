package de.rathaus.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Provisions databases on a real PostgreSQL server for tests and the local stack.
 *
 * <p>{@link #ensureDatabase(String)} makes sure a role and a database of the given name exist (the role
 * owns the database, its password is the name) and returns the JDBC coordinates. It is idempotent and may
 * be called concurrently from several threads and JVMs: all changes happen under a PostgreSQL advisory
 * lock, and "already exists" errors are tolerated.
 *
 * <p>The admin connection comes from one of two places:
 * <ul>
 *   <li>{@code RATHAUS_PG_ADMIN_URL} (a JDBC URL including host and port) with {@code RATHAUS_PG_ADMIN_USER}
 *       and {@code RATHAUS_PG_ADMIN_PASSWORD}: that server is used as it is, local clusters are never touched.</li>
 *   <li>Otherwise the local Debian cluster on {@code localhost:RATHAUS_PG_PORT} (default 5432). It is started
 *       with {@code pg_ctlcluster} if nothing listens on the port, and an admin role {@code rathaus_admin}
 *       (LOGIN CREATEDB CREATEROLE) is created through {@code psql} run as the {@code postgres} OS user
 *       ({@code su} when running as root, {@code sudo -n} otherwise). Everything else goes through JDBC as
 *       {@code rathaus_admin}.</li>
 * </ul>
 * Each setting is read from a system property of the same name first, then from the environment.
 */
public final class LocalPostgres {

    /** A database and the credentials of the role that owns it. */
    public record Database(String jdbcUrl, String username, String password) {
    }

    public static final String ENV_ADMIN_URL = "RATHAUS_PG_ADMIN_URL";
    public static final String ENV_ADMIN_USER = "RATHAUS_PG_ADMIN_USER";
    public static final String ENV_ADMIN_PASSWORD = "RATHAUS_PG_ADMIN_PASSWORD";
    public static final String ENV_PORT = "RATHAUS_PG_PORT";

    public static final String ADMIN_ROLE = "rathaus_admin";
    public static final int DEFAULT_PORT = 5432;

    private static final Pattern VALID_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED_NAMES = Set.of("postgres", "template0", "template1", ADMIN_ROLE);

    /** Key of the advisory lock that serialises provisioning across sessions ("RATHAUS" in ASCII). */
    private static final long ADVISORY_LOCK_KEY = 0x52415448415553L;

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final String SQLSTATE_DUPLICATE_OBJECT = "42710";
    private static final String SQLSTATE_DUPLICATE_DATABASE = "42P04";
    private static final String SQLSTATE_UNIQUE_VIOLATION = "23505";
    private static final String SQLSTATE_INSUFFICIENT_PRIVILEGE = "42501";
    private static final String SQLSTATE_CANNOT_CONNECT_NOW = "57P03";
    private static final String SQLSTATE_INVALID_PASSWORD = "28P01";
    private static final String SQLSTATE_INVALID_AUTHORIZATION = "28000";

    private static volatile AdminConnection admin;

    private LocalPostgres() {
    }

    /**
     * Makes sure that a role and a database called {@code name} exist, the role owning the database and
     * having the password {@code name}.
     *
     * @param name a lower-case SQL identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
     * @return JDBC URL, user name and password for the database
     */
    public static Database ensureDatabase(String name) {
        requireValidName(name);
        AdminConnection adminConnection = admin();
        try (Connection connection = adminConnection.open()) {
            withAdvisoryLock(connection, () -> {
                ensureRole(connection, name);
                ensureDatabaseExists(connection, name);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not provision PostgreSQL database '" + name + "' via "
                    + adminConnection.describe() + ": " + describe(e), e);
        }
        return new Database(adminConnection.urlFor(name), name, name);
    }

    /**
     * Terminates all connections to the database {@code name} and drops it if it exists. The role is kept.
     */
    public static void dropDatabase(String name) {
        requireValidName(name);
        AdminConnection adminConnection = admin();
        try (Connection connection = adminConnection.open()) {
            withAdvisoryLock(connection, () -> {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.executeQuery().close();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop PostgreSQL database '" + name + "' via "
                    + adminConnection.describe() + ": " + describe(e), e);
        }
    }

    // ------------------------------------------------------------------ provisioning over JDBC

    private static void ensureRole(Connection connection, String name) throws SQLException {
        boolean existed = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", name);
        if (!existed) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + quote(name) + " LOGIN PASSWORD '" + name + "'");
            } catch (SQLException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            if (existed) {
                // make the password what callers expect, should somebody have changed it
                statement.execute("ALTER ROLE " + quote(name) + " WITH LOGIN PASSWORD '" + name + "'");
            }
            // membership lets a non-superuser admin create databases owned by the role and drop them later
            if (!exists(connection, "SELECT 1 WHERE pg_has_role(current_user, ?, 'MEMBER')", name)) {
                statement.execute("GRANT " + quote(name) + " TO CURRENT_USER");
            }
        } catch (SQLException e) {
            // a role created by somebody else may not be ours to change; use it as it is
            if (!SQLSTATE_INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static void ensureDatabaseExists(Connection connection, String name) throws SQLException {
        String owner = null;
        boolean found = false;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    found = true;
                    owner = rs.getString(1);
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            if (!found) {
                try {
                    statement.execute("CREATE DATABASE " + quote(name) + " OWNER " + quote(name));
                } catch (SQLException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                }
            } else if (!name.equals(owner)) {
                try {
                    statement.execute("ALTER DATABASE " + quote(name) + " OWNER TO " + quote(name));
                } catch (SQLException e) {
                    if (!SQLSTATE_INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void withAdvisoryLock(Connection connection, SqlAction action) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK_KEY + ")");
        }
        try {
            action.run();
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK_KEY + ")");
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return SQLSTATE_DUPLICATE_OBJECT.equals(state)
                || SQLSTATE_DUPLICATE_DATABASE.equals(state)
                || SQLSTATE_UNIQUE_VIOLATION.equals(state);
    }

    private static void requireValidName(String name) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid database name '" + name
                    + "': use a lower-case SQL identifier matching " + VALID_NAME.pattern());
        }
        if (RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException("Database name '" + name + "' is reserved");
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    // ------------------------------------------------------------------ admin connection

    private record AdminConnection(String url, String user, String password, boolean local) {

        Connection open() throws SQLException {
            return connect(url, user, password);
        }

        String urlFor(String database) {
            return withDatabase(url, database);
        }

        String describe() {
            return (local ? "local cluster " : "") + url + " as " + user;
        }
    }

    private static AdminConnection admin() {
        AdminConnection current = admin;
        if (current != null) {
            return current;
        }
        synchronized (LocalPostgres.class) {
            if (admin == null) {
                admin = resolveAdmin();
            }
            return admin;
        }
    }

    private static AdminConnection resolveAdmin() {
        String url = setting(ENV_ADMIN_URL);
        if (url != null) {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalStateException(ENV_ADMIN_URL + " must be a JDBC URL with host and port, e.g. "
                        + "jdbc:postgresql://db:5432/postgres, but is '" + url + "'");
            }
            String user = setting(ENV_ADMIN_USER);
            String password = setting(ENV_ADMIN_PASSWORD);
            AdminConnection remote = new AdminConnection(url, user == null ? "postgres" : user,
                    password == null ? "" : password, false);
            try (Connection ignored = connectWhenReady(remote, STARTUP_TIMEOUT)) {
                return remote;
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot connect to PostgreSQL at " + remote.describe() + " (from "
                        + ENV_ADMIN_URL + "/" + ENV_ADMIN_USER + "/" + ENV_ADMIN_PASSWORD + "): " + describe(e), e);
            }
        }
        return localAdmin(port());
    }

    private static int port() {
        String value = setting(ENV_PORT);
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(ENV_PORT + " must be a port number, but is '" + value + "'", e);
        }
    }

    private static AdminConnection localAdmin(int port) {
        AdminConnection local = new AdminConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                ADMIN_ROLE, ADMIN_ROLE, true);
        try (HostLock ignored = HostLock.acquire(port)) {
            if (!acceptsTcp(port)) {
                startLocalCluster(port);
            }
            try (Connection ignoredConnection = connectWhenReady(local, STARTUP_TIMEOUT)) {
                return local;
            } catch (SQLException e) {
                if (!isAuthenticationFailure(e)) {
                    throw new IllegalStateException("Cannot connect to the local PostgreSQL on port " + port + ": "
                            + describe(e), e);
                }
            }
            createAdminRole(port);
            try (Connection ignoredConnection = connectWhenReady(local, STARTUP_TIMEOUT)) {
                return local;
            } catch (SQLException e) {
                throw new IllegalStateException("Created role " + ADMIN_ROLE + " but cannot log in as it over TCP on "
                        + "localhost:" + port + " (check pg_hba.conf allows password logins on 127.0.0.1): "
                        + describe(e), e);
            }
        }
    }

    private static boolean isAuthenticationFailure(SQLException e) {
        return SQLSTATE_INVALID_PASSWORD.equals(e.getSQLState())
                || SQLSTATE_INVALID_AUTHORIZATION.equals(e.getSQLState());
    }

    /** Connects, retrying while the server is still starting or not yet listening. */
    private static Connection connectWhenReady(AdminConnection target, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return target.open();
            } catch (SQLException e) {
                boolean transientFailure = SQLSTATE_CANNOT_CONNECT_NOW.equals(e.getSQLState())
                        || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
                if (!transientFailure || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(Duration.ofMillis(250));
            }
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "rathaus-local-postgres");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        return connection;
    }

    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//");
        if (hostStart < 0) {
            throw new IllegalArgumentException("JDBC URL without host: " + url);
        }
        hostStart += 2;
        int queryStart = url.indexOf('?', hostStart);
        String base = queryStart < 0 ? url : url.substring(0, queryStart);
        String query = queryStart < 0 ? "" : url.substring(queryStart);
        int pathStart = base.indexOf('/', hostStart);
        String hosts = pathStart < 0 ? base : base.substring(0, pathStart);
        return hosts + "/" + database + query;
    }

    // ------------------------------------------------------------------ local cluster management

    private static boolean acceptsTcp(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Cluster(String version, String name, int port, String status) {
        String id() {
            return version + "/" + name;
        }
    }

    private static void startLocalCluster(int port) {
        List<Cluster> clusters = listClusters(port);
        Cluster cluster = clusters.stream().filter(c -> c.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("Nothing accepts connections on localhost:" + port
                        + " and pg_lsclusters lists no PostgreSQL cluster on that port (clusters: "
                        + (clusters.isEmpty() ? "none" : clusters.stream().map(c -> c.id() + " port " + c.port())
                        .toList()) + "). Create or start one, set " + ENV_PORT + ", or set " + ENV_ADMIN_URL
                        + " to use another server."));
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", cluster.version(), cluster.name(), "start"));
        if (!isRoot()) {
            command.addAll(0, List.of("sudo", "-n"));
        }
        CommandResult result = run(command, null);
        if (result.exitCode() != 0 && !result.output().contains("already running")) {
            throw new IllegalStateException("Could not start PostgreSQL cluster " + cluster.id() + " with '"
                    + String.join(" ", command) + "' (exit " + result.exitCode() + "): " + result.output().strip()
                    + (isRoot() ? "" : "\nNot running as root and passwordless sudo is unavailable: start it yourself"
                    + " (sudo pg_ctlcluster " + cluster.version() + " " + cluster.name() + " start) or set "
                    + ENV_ADMIN_URL + "."));
        }
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!acceptsTcp(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL cluster " + cluster.id() + " was started but does not"
                        + " accept TCP connections on localhost:" + port + " after " + STARTUP_TIMEOUT.toSeconds()
                        + " s; check its log (pg_lsclusters shows where) and listen_addresses.");
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static List<Cluster> listClusters(int port) {
        CommandResult result;
        try {
            result = run(List.of("pg_lsclusters", "--no-header"), null);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Nothing accepts connections on localhost:" + port
                    + " and pg_lsclusters is not available to find a local cluster to start. Install PostgreSQL"
                    + " (Debian package postgresql), start a server on that port, or set " + ENV_ADMIN_URL + ".", e);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("pg_lsclusters failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
        List<Cluster> clusters = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[2].matches("\\d+")) {
                clusters.add(new Cluster(fields[0], fields[1], Integer.parseInt(fields[2]), fields[3]));
            }
        }
        return clusters;
    }

    private static void createAdminRole(int port) {
        String sql = """
                DO $$
                BEGIN
                  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s LOGIN CREATEDB CREATEROLE PASSWORD '%1$s';
                  ELSE
                    ALTER ROLE %1$s WITH LOGIN CREATEDB CREATEROLE PASSWORD '%1$s';
                  END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                  NULL;
                END
                $$;
                """.formatted(ADMIN_ROLE);
        String psql = "psql -X -q -v ON_ERROR_STOP=1 -p " + port + " -d postgres";
        List<String> command = isRoot()
                ? List.of("su", "postgres", "-s", "/bin/sh", "-c", psql)
                : List.of("sudo", "-n", "-u", "postgres", "sh", "-c", psql);
        CommandResult result;
        try {
            result = run(command, sql);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(adminRoleHint(port), e);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Running psql as the postgres OS user failed (exit " + result.exitCode()
                    + "): " + result.output().strip() + "\n" + adminRoleHint(port));
        }
    }

    private static String adminRoleHint(int port) {
        return "Cannot create the PostgreSQL role " + ADMIN_ROLE + " on localhost:" + port + ": that needs psql run as"
                + " the postgres OS user (as root via su, otherwise via passwordless sudo). Create it once yourself:"
                + " sudo -u postgres psql -p " + port + " -c \"CREATE ROLE " + ADMIN_ROLE + " LOGIN CREATEDB"
                + " CREATEROLE PASSWORD '" + ADMIN_ROLE + "'\", or set " + ENV_ADMIN_URL + ", " + ENV_ADMIN_USER
                + " and " + ENV_ADMIN_PASSWORD + ".";
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private record CommandResult(int exitCode, String output) {
    }

    private static CommandResult run(List<String> command, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("/").toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // commands here print little, so reading after exit cannot block on a full pipe in practice,
            // but read first anyway to be safe
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return new CommandResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Running '" + String.join(" ", command) + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    /** Serialises starting the local cluster and creating the admin role across JVMs on this host. */
    private static final class HostLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private HostLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static HostLock acquire(int port) {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "rathaus-local-postgres-" + port + ".lock");
            try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    return new HostLock(channel, channel.lock());
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException e) {
                // e.g. a lock file created by another user: fall back to the tolerant, unlocked path
                return new HostLock(null, null);
            }
        }

        @Override
        public void close() {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // releasing a lock on a local file does not fail in practice; closing the JVM releases it anyway
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
        }
    }
}
