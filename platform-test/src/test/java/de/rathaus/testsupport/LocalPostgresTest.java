package de.rathaus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.testsupport.LocalPostgres.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void ensureDatabaseCreatesAnOwnedDatabaseAndIsIdempotent() throws Exception {
        String name = "rathaus_pgtest";
        LocalPostgres.dropDatabase(name);

        Database first = LocalPostgres.ensureDatabase(name);
        Database second = LocalPostgres.ensureDatabase(name);

        assertThat(second).isEqualTo(first);
        assertThat(first.username()).isEqualTo(name);
        assertThat(first.password()).isEqualTo(name);
        assertThat(first.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + name);

        try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE greeting (id int PRIMARY KEY, text varchar(20) NOT NULL)");
            statement.execute("INSERT INTO greeting VALUES (1, 'moin')");
            try (ResultSet rs = statement.executeQuery("SELECT text, current_database(), current_user,"
                    + " pg_get_userbyid(d.datdba) FROM greeting, pg_database d WHERE d.datname = current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("moin");
                assertThat(rs.getString(2)).isEqualTo(name);
                assertThat(rs.getString(3)).isEqualTo(name);
                assertThat(rs.getString(4)).as("database owner").isEqualTo(name);
            }
        }

        // calling again keeps the data
        LocalPostgres.ensureDatabase(name);
        assertThat(count(first, "SELECT count(*) FROM greeting")).isEqualTo(1);
    }

    @Test
    void dropDatabaseRemovesTheDatabaseEvenWithOpenConnections() throws Exception {
        String name = "rathaus_pgtest_drop";
        Database database = LocalPostgres.ensureDatabase(name);
        try (Connection open = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password())) {
            try (Statement statement = open.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS marker (id int)");
            }
            LocalPostgres.dropDatabase(name);
            assertThat(open.isValid(2)).as("connection terminated by drop").isFalse();
        }
        LocalPostgres.dropDatabase(name);

        Database recreated = LocalPostgres.ensureDatabase(name);
        assertThat(count(recreated, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'")).isZero();
    }

    @Test
    void concurrentCallsAllSucceed() throws Exception {
        String name = "rathaus_pgtest_concurrent";
        LocalPostgres.dropDatabase(name);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Database>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Database> call = () -> LocalPostgres.ensureDatabase(name);
                results.add(pool.submit(call));
            }
            Database expected = results.get(0).get();
            for (Future<Database> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
            assertThat(count(expected, "SELECT 1")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> LocalPostgres.ensureDatabase("Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalPostgres.ensureDatabase("x'; DROP ROLE postgres; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalPostgres.ensureDatabase("postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacesTheDatabaseOfAnAdminUrl() {
        assertThat(LocalPostgres.withDatabase("jdbc:postgresql://db:5432/postgres", "x"))
                .isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(LocalPostgres.withDatabase("jdbc:postgresql://db:5432/postgres?sslmode=disable", "x"))
                .isEqualTo("jdbc:postgresql://db:5432/x?sslmode=disable");
        assertThat(LocalPostgres.withDatabase("jdbc:postgresql://h1:5432,h2:5433", "x"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/x");
    }

    private static long count(Database database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
