package de.rathaus.benchmarks;

import de.rathaus.testsupport.LocalPostgres;
import de.rathaus.testsupport.TestTokens;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * service-appointments under the two loads of its issue, over real HTTP against the real service jar (its own
 * JVM) with real PostgreSQL and an embedded KRaft broker; tokens are RS256 tokens from a loopback JWKS
 * ({@link TestTokens}) that the service validates with its normal decoder.
 *
 * <ul>
 *   <li><b>Booking race</b>: {@code ROUNDS} rounds; in each, {@code CONTENDERS} citizens fire a reservation for
 *   the same slot (capacity 2) at once. Counts 201/409 per round and afterwards checks the database: no slot has
 *   more reservations than capacity. Latency of every reservation request (winners and losers).</li>
 *   <li><b>Slot search</b>: 20 offices, a 60-day range, pages of 50 over all offices and over 5 of them.</li>
 * </ul>
 *
 * <p>Arguments: result file, rounds (1000), contenders (50), search requests (3000). The service jar must be
 * built ({@code ./mvnw -pl service-appointments -am install -DskipTests}); {@code benchmarks/run.sh appointments}
 * does all of it.
 */
public final class AppointmentsBenchmark {

    private static final String TENANT = "bench";
    private static final int OFFICES = 20;
    private static final int DAYS = 60;
    private static final ZoneId LOCAL = ZoneId.of("Europe/Berlin");
    /**
     * Race rounds before measuring. 300 were not enough on two cores: async-profiler showed a quarter of the service's
     * CPU still going to the C2 compiler threads in the measured rounds.
     */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("warmUpRounds", 1500);

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "benchmarks/results/appointments-booking-and-search.md");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int contenders = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int searches = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        Path jar = Path.of("service-appointments/target/service-appointments-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the service first: " + jar);
        }

        LocalPostgres.dropDatabase("bench_appointments");
        LocalPostgres.Database db = LocalPostgres.ensureDatabase("bench_appointments");
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, "rathaus.appointments.v1");
        kafka.afterPropertiesSet();
        TestTokens tokens = new TestTokens();
        int port = BenchmarkProcesses.freePort();
        Path log = Files.createTempFile("appointments-benchmark", ".log");
        Process service = BenchmarkProcesses.startService(jar, List.of("-Xmx768m"), port, db,
                kafka.getBrokersAsString(), tokens.issuer(), log,
                // 500 citizens take part in all rounds; each may win many slots (the limit is per identity)
                "--rathaus.appointments.booking.max-open-per-service=1000000",
                "--rathaus.appointments.jobs.slot-generation-cron=*/5 * * * * *",
                "--rathaus.appointments.links.secret=benchmark-secret-benchmark-secret-0123456789");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try (Connection jdbc = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            BenchmarkProcesses.awaitReady(http, base, service, log, Duration.ofSeconds(240));
            int units = createOffices(jdbc);
            System.out.printf("Offices created; waiting for %d slot units%n", units);
            awaitSlots(jdbc, units);

            // warm-up (not measured): JIT, connection pools, caches
            int warmUpRounds = WARM_UP_ROUNDS;
            List<String> raceSlots = raceSlots(jdbc, rounds + warmUpRounds + 200);
            Race warm = race(http, base, tokens, raceSlots.subList(rounds, rounds + warmUpRounds), contenders);
            search(http, base, tokens, 2000, SearchMode.CURSOR_ALL);
            search(http, base, tokens, 200, SearchMode.DEEP_PAGE);
            System.out.printf("Warm-up done (%d rounds, %d created)%n", warmUpRounds, warm.created);

            Race race = race(http, base, tokens, raceSlots.subList(0, rounds), contenders);
            int overbooked = count(jdbc, "select count(*) from slot where booked > capacity");
            int tooMany = count(jdbc, """
                    select count(*) from (select a.slot_id from appointment a join slot s on s.id = a.slot_id
                    where a.status in ('RESERVED', 'BOOKED') group by a.slot_id, s.capacity having count(*) > s.capacity) x
                    """);
            int mismatched = count(jdbc, """
                    select count(*) from slot s where s.booked <> (select count(*) from appointment a
                    where a.slot_id = s.id and a.status in ('RESERVED', 'BOOKED'))
                    """);
            System.out.printf("Race done: %d created, %d conflicts, %d other%n", race.created, race.conflicts, race.other);
            // the same request without contention: one citizen at a time, each slot once
            Race alone = race(http, base, tokens, raceSlots.subList(rounds + warmUpRounds, rounds + warmUpRounds + 200), 1);

            Latencies allOffices = search(http, base, tokens, searches, SearchMode.CURSOR_ALL);
            Latencies fiveOffices = search(http, base, tokens, searches / 2, SearchMode.CURSOR_FIVE);
            Latencies deepPages = search(http, base, tokens, searches / 2, SearchMode.DEEP_PAGE);
            write(output, rounds, contenders, searches, race, alone, overbooked, tooMany, mismatched, allOffices, fiveOffices,
                    deepPages, units);
        } finally {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            kafka.destroy();
            tokens.close();
        }
        System.exit(0);
    }

    record Race(int rounds, int created, int conflicts, int other, int roundsExact, Latencies latencies, Latencies winners) {
    }

    static final class Latencies {
        private final long[] nanos;
        private int size;

        Latencies(int capacity) {
            nanos = new long[capacity];
        }

        synchronized void add(long value) {
            nanos[size++] = value;
        }

        double percentileMillis(double p) {
            long[] sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
        }

        int size() {
            return size;
        }
    }

    private static Race race(HttpClient http, String base, TestTokens tokens, List<String> slots, int contenders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        Latencies all = new Latencies(slots.size() * contenders);
        Latencies winners = new Latencies(slots.size() * contenders);
        int created = 0;
        int conflicts = 0;
        int other = 0;
        int exact = 0;
        String[] citizens = new String[500];
        long signedAt = 0;
        try {
            for (int round = 0; round < slots.size(); round++) {
                if (System.nanoTime() - signedAt > TimeUnit.MINUTES.toNanos(3)) {
                    // test tokens live five minutes
                    for (int i = 0; i < citizens.length; i++) {
                        citizens[i] = tokens.citizen("bench-citizen-" + i, TENANT);
                    }
                    signedAt = System.nanoTime();
                }
                String body = "{\"slotId\": \"%s\"}".formatted(slots.get(round));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    String token = citizens[(round * contenders + i) % citizens.length];
                    results.add(pool.submit(() -> {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/appointments/bookings"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        start.await();
                        long t0 = System.nanoTime();
                        int status = http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                        long elapsed = System.nanoTime() - t0;
                        all.add(elapsed);
                        if (status == 201) {
                            winners.add(elapsed);
                        }
                        return status;
                    }));
                }
                start.countDown();
                int roundCreated = 0;
                for (Future<Integer> result : results) {
                    int status = result.get();
                    if (status == 201) {
                        roundCreated++;
                    } else if (status == 409) {
                        conflicts++;
                    } else {
                        other++;
                    }
                }
                created += roundCreated;
                exact += roundCreated == Math.min(2, contenders) ? 1 : 0;
                if ((round + 1) % 100 == 0) {
                    System.out.printf("  round %d: p99 so far %.1f ms%n", round + 1, all.percentileMillis(99));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Race(slots.size(), created, conflicts, other, exact, all, winners);
    }

    enum SearchMode { CURSOR_ALL, CURSOR_FIVE, DEEP_PAGE }

    /**
     * Two clients (the machine has two cores, shared with the service and PostgreSQL). CURSOR modes page the way
     * the API documents it: the first page, then {@code after=nextCursor} up to 20 pages deep, then start over.
     * DEEP_PAGE jumps to a random {@code page=0..19} (offset paging, cost grows with depth).
     */
    private static Latencies search(HttpClient http, String base, TestTokens tokens, int requests, SearchMode mode) throws Exception {
        List<String> officeIds = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            officeIds.add(officeId(i).toString());
        }
        Latencies latencies = new Latencies(requests);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String token = tokens.citizen("bench-searcher", TENANT);
        List<Future<?>> futures = new ArrayList<>();
        LocalDate today = LocalDate.now(LOCAL);
        java.util.regex.Pattern next = java.util.regex.Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
        for (int c = 0; c < 2; c++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String cursor = null;
                int depth = 0;
                LocalDate from = today;
                for (int i = 0; i < requests / 2; i++) {
                    if (cursor == null || depth >= 20) {
                        from = today.plusDays(random.nextInt(0, 2));
                        cursor = null;
                        depth = 0;
                    }
                    String path = "/api/v1/appointments/slots?serviceType=search&from=%s&to=%s&size=50%s%s"
                            .formatted(from, from.plusDays(DAYS - 1),
                                    mode == SearchMode.DEEP_PAGE ? "&page=" + random.nextInt(0, 20) : cursor == null ? "" : "&after=" + cursor,
                                    mode == SearchMode.CURSOR_FIVE ? "&officeId=" + String.join("&officeId=", officeIds) : "");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - t0);
                    if (response.statusCode() != 200 || !response.body().contains("\"items\":[{")) {
                        throw new IllegalStateException("search failed: " + response.statusCode() + " " + response.body());
                    }
                    java.util.regex.Matcher m = next.matcher(response.body());
                    cursor = mode != SearchMode.DEEP_PAGE && m.find() ? m.group(1) : null;
                    depth++;
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdownNow();
        return latencies;
    }

    private static UUID officeId(int i) {
        return UUID.fromString("bbbb0000-0000-4000-8000-%012d".formatted(i));
    }

    /** 20 offices, open Monday to Friday 08:00–16:00 in 15-minute units, services "race" (capacity 2) and "search" (3). */
    private static int createOffices(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement()) {
            for (int i = 1; i <= OFFICES; i++) {
                UUID id = officeId(i);
                st.addBatch("""
                        insert into office (id, tenant, name, address, latitude, longitude, federal_state, counters,
                                            earliest_days, latest_days, release_time, hold_minutes)
                        values ('%s', '%s', 'Bench office %d', 'Benchstraße %d, 44787 Bochum', 51.48, 7.21, 'nw', 3,
                                0, %d, time '00:00', 10)
                        """.formatted(id, TENANT, i, i, DAYS));
                st.addBatch("insert into office_service (office_id, service_type, capacity) values ('%s', 'race', 2), ('%s', 'search', 3)"
                        .formatted(id, id));
                st.addBatch("""
                        insert into opening_hours (office_id, day_of_week, opens_at, closes_at)
                        select '%s', d, time '08:00', time '16:00' from generate_series(1, 5) d
                        """.formatted(id));
            }
            st.executeBatch();
        }
        try (PreparedStatement st = jdbc.prepareStatement("""
                select count(*) * 32 * 2 * %d from generate_series(current_date, current_date + %d, interval '1 day') d
                where extract(isodow from d) < 6 and d::date not in (select day from public_holiday where federal_state = 'nw')
                """.formatted(OFFICES, DAYS + 1)); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitSlots(Connection jdbc, int expectedAtLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(jdbc, "select count(*) from slot s join office o on o.id = s.office_id where o.tenant = 'bench'") < expectedAtLeast * 0.95) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("slots were not generated");
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        try (Statement st = jdbc.createStatement()) {
            st.execute("analyze");
        }
    }

    private static List<String> raceSlots(Connection jdbc, int n) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement st = jdbc.prepareStatement("""
                select s.id from slot s join office o on o.id = s.office_id join office_bookable b on b.office_id = o.id
                where o.tenant = 'bench' and s.service_type = 'race' and s.starts_at > now() + interval '1 hour'
                  and s.starts_at < b.bookable_until
                order by s.starts_at, s.office_id limit ?
                """)) {
            st.setInt(1, n);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.size() < n) {
            throw new IllegalStateException("only " + ids.size() + " race slots");
        }
        return ids;
    }

    private static int count(Connection jdbc, String sql) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }



    private static void write(Path output, int rounds, int contenders, int searches, Race race, Race alone, int overbooked, int tooMany,
                              int mismatched, Latencies all, Latencies five, Latencies deep, int units) throws IOException {
        double bookingP99 = race.latencies.percentileMillis(99);
        double searchP99 = all.percentileMillis(99);
        boolean noDouble = overbooked == 0 && tooMany == 0 && mismatched == 0 && race.roundsExact == rounds;
        String machine = "%d cores, %s, %.1f GiB RAM, load average %.2f at the end of the run".formatted(
                Runtime.getRuntime().availableProcessors(), BenchmarkProcesses.cpuModel(),
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1073741824.0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String text = """
                # Appointments: booking race and slot search

                Run %s with `benchmarks/run.sh appointments` (harness `AppointmentsBenchmark`).

                - Machine: %s; the service (its jar, own JVM, `-Xmx768m`, default G1 collector, Hikari pool 10),
                  PostgreSQL 15, an embedded KRaft broker and the load generator share it.
                - Warm-up before measuring (JIT, pools): %,d race rounds and 2,200 searches, not counted.
                - Real HTTP on loopback, RS256 tokens validated by the service; %d offices of tenant `bench`, open Monday to
                  Friday 08:00–16:00 in 15-minute units, booking window %d days, released; %,d slot units.
                - Latency is measured in the client, from sending the request to the complete response.

                ## Booking race (target: 0 double bookings, booking p99 ≤ 80 ms)

                %,d rounds; in each, %d citizens send `POST /api/v1/appointments/bookings` for the same slot (capacity 2)
                at the same moment (a latch releases them). Every request is a reservation: the place is taken (and held)
                or refused with 409. The database alone decides who gets a place (conditional update under
                `CHECK (booked between 0 and capacity)`); requests arriving after the service has seen the slot full are
                refused from its one-second memory of full slots without a database round trip.

                | Figure | Value |
                |---|---:|
                | reservations created (201) | %,d (expected %,d) |
                | refused as full (409) | %,d |
                | other answers | %,d |
                | rounds ending with exactly the capacity reserved | %,d of %,d |
                | slots with `booked > capacity` | %d |
                | slots with more open appointments than capacity | %d |
                | slots whose `booked` differs from their open appointments | %d |
                | latency of all reservation requests p50 / p95 / p99 / max | %.1f / %.1f / %.1f / %.1f ms |
                | latency of the successful ones p50 / p99 | %.1f / %.1f ms |
                | for comparison: one reservation at a time (no contention, %d requests) p50 / p99 | %.1f / %.1f ms |

                ## Slot search (target: p99 ≤ 50 ms)

                `GET /api/v1/appointments/slots?serviceType=search&from=…&to=from+59` (60 days), pages of 50, two clients
                in parallel. Paging as documented: the first page, then `after=nextCursor`, 20 pages deep (1,000 slots),
                then again from the start (today or tomorrow). For comparison, offset paging with a random `page=0..19`.

                | Query | Requests | p50 | p95 | p99 | max |
                |---|---:|---:|---:|---:|---:|
                | all %d offices, cursor paging | %,d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |
                | 5 offices (`officeId` ×5), cursor paging | %,d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |
                | all offices, random `page=0..19` (offset) | %,d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |

                ## Verdict

                - Double bookings: **%s** (%s).
                - Booking p99 %.1f ms against ≤ 80 ms: **%s**.
                - Search p99 %.1f ms (all offices, cursor paging) against ≤ 50 ms: **%s**.
                %s
                """.formatted(ZonedDateTime.now(ZoneId.of("UTC")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                machine, WARM_UP_ROUNDS, OFFICES, DAYS, units,
                rounds, contenders,
                race.created, rounds * 2L, race.conflicts, race.other, race.roundsExact, rounds, overbooked, tooMany, mismatched,
                race.latencies.percentileMillis(50), race.latencies.percentileMillis(95), bookingP99, race.latencies.percentileMillis(100),
                race.winners.percentileMillis(50), race.winners.percentileMillis(99),
                alone.latencies.size(), alone.latencies.percentileMillis(50), alone.latencies.percentileMillis(99),
                OFFICES, all.size(), all.percentileMillis(50), all.percentileMillis(95), searchP99, all.percentileMillis(100),
                five.size(), five.percentileMillis(50), five.percentileMillis(95), five.percentileMillis(99), five.percentileMillis(100),
                deep.size(), deep.percentileMillis(50), deep.percentileMillis(95), deep.percentileMillis(99), deep.percentileMillis(100),
                noDouble ? "none" : "FOUND", noDouble ? "the database refuses them; every round ended with exactly 2" : "see the table",
                bookingP99, bookingP99 <= 80 ? "met" : "missed",
                searchP99, searchP99 <= 50 ? "met" : "missed",
                bookingP99 <= 80 ? "" : """
                - Why the booking p99 is what it is: the %d requests of a round arrive within a millisecond on a 2-core
                  machine that also runs PostgreSQL and the load generator; they queue for the CPU and for the pool's 10
                  connections, so the last request of a round waits for the work of the others (compare the uncontended
                  figure above: a round is roughly 50 requests' worth of CPU on two cores). The contention is CPU, not
                  locks: losers never queue on the slot row, and once this instance has seen the slot full it refuses
                  further requests without a database round trip (`FullSlots`, 1 s).
                """.formatted(contenders));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, text);
        System.out.println(text);
    }


    static {
        Locale.setDefault(Locale.ROOT);
    }
}
