package de.rathaus.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Small helpers shared by the process launchers. */
final class Launchers {

    private Launchers() {
    }

    static String java(Path javaHome) {
        return javaHome.resolve("bin/java").toString();
    }

    static void requireJava(String component, Path javaHome) {
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new StackException(component, "no java executable in " + javaHome + " (set "
                    + StackConfig.Keys.JAVA_HOME + " or " + StackConfig.Keys.KEYCLOAK_JAVA_HOME + ")");
        }
    }

    static Path pidDir(StackConfig config) {
        return config.localDir().resolve("pids");
    }

    /**
     * Environment for a component's process: {@code base}, then the configured extra variables of that component.
     * {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} of the launcher are not passed on, so that options
     * meant for the launcher (e.g. a debugger agent) do not reach every process.
     */
    static Map<String, String> environment(StackConfig config, Component component, Map<String, String> base) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", null);
        env.put("JDK_JAVA_OPTIONS", null);
        env.putAll(base);
        env.putAll(config.extraEnv().getOrDefault(component, Map.of()));
        return env;
    }

    /** Deletes a directory tree; nothing happens if it does not exist. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
