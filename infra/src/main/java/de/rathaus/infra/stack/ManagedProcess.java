package de.rathaus.infra.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An operating-system process of the stack: output to a log file, a pid file while it runs, and a stop that
 * sends SIGTERM to the process and all its descendants, waits, then kills whatever is left.
 */
final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private volatile boolean stopping;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} with the launcher's environment plus {@code environment} (a {@code null} value removes
     * a variable). Output goes to {@code logFile}, appended when {@code append} is set.
     */
    static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
                                Path logFile, boolean append, Path pidDir) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidDir);
            if (append) {
                Files.writeString(logFile, System.lineSeparator() + "==== " + Instant.now() + " restarting " + name
                        + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.writeString(logFile, "==== " + Instant.now() + " " + describe(command)
                        + System.lineSeparator(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new StackException(name, "cannot prepare log file " + logFile + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        environment.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StackException(name, "cannot start '" + command.get(0) + "': " + e.getMessage(), e);
        }
        try {
            // nothing is ever written to the processes' stdin; EOF tells them so
            process.getOutputStream().close();
        } catch (IOException e) {
            // the pipe is ours alone; failing to close it changes nothing for the child
        }
        Path pidFile = pidDir.resolve(name + ".pid");
        try {
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            // the pid file only helps to diagnose leftovers; the process runs without it
        }
        return new ManagedProcess(name, process, logFile, pidFile);
    }

    /** The command line for the log, with a long classpath shortened to its entry count. */
    static String describe(List<String> command) {
        StringBuilder text = new StringBuilder();
        for (String argument : command) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            if (argument.length() > 300 && argument.contains(File.pathSeparator)) {
                text.append("<classpath of ").append(argument.split(File.pathSeparator).length)
                        .append(" entries>");
            } else {
                text.append(argument);
            }
        }
        return text.toString();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code if the process ended without being asked to stop. */
    Optional<Integer> unexpectedExit() {
        return !stopping && !process.isAlive() ? Optional.of(process.exitValue()) : Optional.empty();
    }

    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Sends SIGTERM to the process tree, waits up to {@code timeout}, then kills what is left. */
    void stop(Duration timeout) {
        stopping = true;
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                try {
                    handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    // timed out or failed to wait: killed below
                }
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is reported, never trusted blindly
        }
    }

    /** Resident set size in KiB of the process and all its descendants ({@code VmRSS} in /proc). */
    long rssKib() {
        long total = rssKib(process.pid());
        for (ProcessHandle child : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            total += rssKib(child.pid());
        }
        return total;
    }

    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile, or there is no /proc: it uses no memory we can see
        }
        return 0;
    }

    /** The last {@code lines} lines of the log file. */
    String tail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.min(all.length, Math.max(start > 0 ? 1 : 0, all.length - lines));
            return String.join(System.lineSeparator(), Arrays.copyOfRange(all, from, all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
